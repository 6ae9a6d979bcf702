/** Strict text encodings (lowercase hex, unpadded base64url) with exactly one spelling per value. */
package dev.riffle.protocol.encoding;
