/** SHA-256 values and the RFC 6962 merkle tree over segment hashes. */
package dev.riffle.protocol.hash;
