package dev.riffle.license.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Audit trail of every license decision: one JSON line per decision on logger {@code riffle.license.audit} (who,
 * action, title, kid, when, outcome, reason) and counter {@code riffle_license_decisions_total{action,outcome,reason}}.
 * Never key material, never tokens.
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger AUDIT = Logger.getLogger("riffle.license.audit");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public AuditLog(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param action {@code clearkey}, {@code hls_key}, {@code session_open}, {@code packager_key}, ... */
    public void record(
            String account, String action, String titleId, String kid, Instant at, String outcome, String reason) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", at.toString());
        line.put("account", account);
        line.put("action", action);
        line.put("titleId", titleId);
        line.put("kid", kid);
        line.put("outcome", outcome);
        line.put("reason", reason);
        try {
            AUDIT.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            AUDIT.warn("audit line not serializable");
        }
        String r = reason == null ? "none" : reason;
        counters.computeIfAbsent(action + "|" + outcome + "|" + r, k -> Counter.builder("riffle.license.decisions")
                        .description("License decisions by action, outcome and reason")
                        .tag("action", action)
                        .tag("outcome", outcome)
                        .tag("reason", r)
                        .register(registry))
                .increment();
    }
}
