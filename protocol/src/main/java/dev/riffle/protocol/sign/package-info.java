/** Ed25519 keys, JWK key sets, manifest signing and verification against trusted origin keys. */
package dev.riffle.protocol.sign;
