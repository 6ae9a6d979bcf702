/** The peer agent: a library first (many agents per JVM, no static state), with a CLI on top. */
package dev.riffle.agent;
