package dev.riffle.tracker.admission;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs before quarkus-oidc's provider: answers a bearer token it has seen verified from {@link VerifiedTokens}, and
 * otherwise returns null so quarkus-oidc validates it as usual.
 */
@ApplicationScoped
public class VerifiedTokenProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();

    private final VerifiedTokens tokens;

    public VerifiedTokenProvider(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return SYSTEM_FIRST + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof AccessTokenCredential credential)) {
            return Uni.createFrom().nullItem();
        }
        SecurityIdentity cached = tokens.lookup(credential.getToken());
        if (cached == null) {
            return Uni.createFrom().nullItem();
        }
        // Same principal, roles and credentials; only the per-request routing context is this request's.
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(cached);
        Object routingContext = request.getAttribute(ROUTING_CONTEXT);
        if (routingContext != null) {
            builder.addAttribute(ROUTING_CONTEXT, routingContext);
        }
        return Uni.createFrom().item(builder.build());
    }
}
