/** Streaming SHA-256 verification of segments against their manifest entries. */
package dev.riffle.protocol.segment;
