/** Manifest model (records checked on construction), canonical JSON, bounded parsing and typed errors. */
package dev.riffle.protocol.manifest;
