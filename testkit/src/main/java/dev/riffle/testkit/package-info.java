/**
 * Shared support for integration tests: starts real servers on loopback and cleans them up.
 *
 * <ul>
 *   <li>{@link dev.riffle.testkit.Keycloak}: the real Keycloak with realm {@code riffle}, once per JVM, and real tokens.
 *   <li>{@link dev.riffle.testkit.OidcTokens}: password / client-credentials grants against any issuer (Keycloak or
 *       drm-license's {@code /dev-idp}).
 *   <li>{@link dev.riffle.testkit.RiffleRealm}: the realm's users, clients, secrets and roles.
 *   <li>{@link dev.riffle.testkit.FreePorts}, {@link dev.riffle.testkit.ManagedProcess}: free loopback ports, child
 *       processes stopped by pid with their children.
 * </ul>
 */
package dev.riffle.testkit;
