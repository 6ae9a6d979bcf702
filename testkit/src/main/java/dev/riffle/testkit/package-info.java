/** Shared support for integration tests: starts real servers on loopback and cleans them up. */
package dev.riffle.testkit;
