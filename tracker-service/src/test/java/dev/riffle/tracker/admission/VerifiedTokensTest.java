package dev.riffle.tracker.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    private static SecurityIdentity identity(String token, long expSeconds) {
        JsonWebToken jwt = new JsonWebToken() {
            @Override
            public String getName() {
                return "alice";
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of("exp", "sub");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T)
                        switch (name) {
                            case "exp" -> (Object) expSeconds;
                            case "sub" -> "alice";
                            default -> null;
                        };
            }
        };
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addRole("subscriber")
                .addCredential(new AccessTokenCredential(token))
                .build();
    }

    @Test
    void remembersUntilTheTokenExpires() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), 10, now::get);
        long exp = now.get() / 1000 + 10;
        tokens.remember(identity("tok-a", exp));
        assertThat(tokens.lookup("tok-a")).isNotNull();
        assertThat(tokens.lookup("tok-b")).isNull();
        now.addAndGet(10_000);
        assertThat(tokens.lookup("tok-a")).isNull();
    }

    @Test
    void remembersAtMostTheTtl() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(5), 10, now::get);
        tokens.remember(identity("tok-a", now.get() / 1000 + 3600));
        now.addAndGet(4_999);
        assertThat(tokens.lookup("tok-a")).isNotNull();
        now.addAndGet(1);
        assertThat(tokens.lookup("tok-a")).isNull();
    }

    @Test
    void ignoresExpiredTokensAndCanBeTurnedOff() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), 10, now::get);
        tokens.remember(identity("old", now.get() / 1000 - 1));
        assertThat(tokens.lookup("old")).isNull();
        VerifiedTokens off = new VerifiedTokens(Duration.ZERO, 10, now::get);
        off.remember(identity("tok-a", now.get() / 1000 + 60));
        assertThat(off.lookup("tok-a")).isNull();
    }

    @Test
    void staysBounded() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), 3, now::get);
        for (int i = 0; i < 10; i++) {
            tokens.remember(identity("tok-" + i, now.get() / 1000 + 60));
        }
        assertThat(tokens.size()).isLessThanOrEqualTo(3);
        assertThat(tokens.lookup("tok-9")).isNotNull();
    }
}
