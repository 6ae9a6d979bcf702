package dev.riffle.license.license;

import dev.riffle.license.audit.AuditLog;
import dev.riffle.license.config.LicenseConfig;
import dev.riffle.license.keys.ContentKey;
import dev.riffle.license.keys.ContentKeys;
import dev.riffle.license.keys.Kid;
import dev.riffle.license.policy.Decision;
import dev.riffle.license.policy.DenialReason;
import dev.riffle.license.policy.EntitlementPolicy;
import dev.riffle.license.policy.Subscriber;
import dev.riffle.license.policy.TitlePolicy;
import dev.riffle.license.policy.TitlePolicyStore;
import dev.riffle.license.session.Admission;
import dev.riffle.license.session.Session;
import dev.riffle.license.session.Sessions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands out keys: looks the kids up, checks the entitlement policy for each title, accounts the stream in a session,
 * and audits the decision. Denials are thrown as 403 problems.
 */
@ApplicationScoped
public class LicenseService {
    private final ContentKeys keys;
    private final TitlePolicyStore policies;
    private final EntitlementPolicy policy;
    private final Sessions sessions;
    private final AuditLog audit;
    private final boolean requireTitlePolicy;

    public LicenseService(
            ContentKeys keys,
            TitlePolicyStore policies,
            EntitlementPolicy policy,
            Sessions sessions,
            AuditLog audit,
            LicenseConfig config) {
        this.keys = keys;
        this.policies = policies;
        this.policy = policy;
        this.sessions = sessions;
        this.audit = audit;
        this.requireTitlePolicy = config.requireTitlePolicy();
    }

    /** Granted keys, the session they play in, and until when they may be used. */
    public record Grant(List<ContentKey> keys, Session session, Instant expiresAt) {}

    public Grant license(String action, Subscriber who, List<Kid> kids, Optional<String> sessionId, String deviceId) {
        Instant now = policy.now();
        Map<String, List<ContentKey>> byTitle = new LinkedHashMap<>();
        for (Kid kid : kids) {
            Optional<ContentKey> key = keys.find(kid);
            if (key.isEmpty()) {
                deny(action, who, null, kid, now, DenialReason.UNKNOWN_KEY);
            }
            byTitle.computeIfAbsent(key.get().titleId(), t -> new ArrayList<>()).add(key.get());
        }
        Instant expires = null;
        for (Map.Entry<String, List<ContentKey>> e : byTitle.entrySet()) {
            Decision d = policy.decide(who, titlePolicy(e.getKey()));
            if (d instanceof Decision.Denied denied) {
                deny(action, who, e.getKey(), e.getValue().get(0).kid(), now, denied.reason());
            }
            Instant until = ((Decision.Granted) d).expiresAt();
            expires = expires == null || until.isBefore(expires) ? until : expires;
        }
        String firstTitle = byTitle.keySet().iterator().next();
        Admission admission = sessions.ensure(who.accountId(), sessionId, deviceId, firstTitle);
        if (admission instanceof Admission.Refused refused) {
            deny(action, who, firstTitle, kids.get(0), now, refused.reason());
        }
        Session session = ((Admission.Opened) admission).session();
        List<ContentKey> granted = new ArrayList<>();
        byTitle.values().forEach(granted::addAll);
        for (ContentKey k : granted) {
            audit.record(who.accountId(), action, k.titleId(), k.kid().value(), now, "granted", null);
        }
        return new Grant(granted, session, expires);
    }

    private TitlePolicy titlePolicy(String titleId) {
        Optional<TitlePolicy> stored = policies.find(titleId);
        if (stored.isPresent()) {
            return stored.get();
        }
        if (requireTitlePolicy) {
            return new TitlePolicy(
                    titleId,
                    dev.riffle.license.policy.Plan.BASIC,
                    java.util.Set.of(),
                    Optional.empty(),
                    Optional.of(Instant.EPOCH.plusSeconds(1)));
        }
        return TitlePolicy.open(titleId);
    }

    private void deny(String action, Subscriber who, String titleId, Kid kid, Instant now, DenialReason reason) {
        audit.record(who.accountId(), action, titleId, kid.value(), now, "denied", reason.wire());
        String detail =
                switch (reason) {
                    case UNKNOWN_KEY -> "no key with kid " + kid;
                    case PLAN -> "title " + titleId + " needs a higher plan";
                    case TERRITORY -> "title " + titleId + " is not available in your territory";
                    case WINDOW -> "title " + titleId + " is outside its availability window";
                    case CONCURRENT_STREAMS -> "release a session or wait for it to expire";
                    case DEVICES -> "this account already uses its maximum number of devices";
                };
        throw reason.problem(detail);
    }
}
