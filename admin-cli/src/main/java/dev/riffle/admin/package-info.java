/** Operator tools for the terminal ({@code ./riffle admin}): upload, ingest progress, catalogue. */
package dev.riffle.admin;
