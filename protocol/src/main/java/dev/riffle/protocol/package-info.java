/** Riffle's wire and manifest formats; depends on nothing of ours. */
package dev.riffle.protocol;
