/** Stable swarm ids for (title, rendition). */
package dev.riffle.protocol.swarm;
