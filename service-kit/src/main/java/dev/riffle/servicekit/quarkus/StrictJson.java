package dev.riffle.servicekit.quarkus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Request bodies mean exactly what they say. Jackson's leniencies become {@code bad-json} problems naming the field:
 * a number where an instant is expected (Jackson would read {@code 12} as 1970-01-01T00:00:12Z), a string where a number
 * is expected ({@code "10"}), a number or boolean where a string is expected, a second value after the body
 * ({@code {}{}}), and nesting deeper than {@link #MAX_DEPTH}.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    /** No Riffle request body nests deeper than a few levels. */
    static final int MAX_DEPTH = 16;

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /**
     * Last of all customizers: Quarkus registers its modules (the JSR-310 one with its lenient instant reader) in
     * customizers of its own, and a module registered later wins.
     */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    /** The same rules for a mapper outside Quarkus (tests, tools). */
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .build());
        for (LogicalType numeric : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(numeric).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            mapper.coercionConfigFor(numeric).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        for (CoercionInputShape scalar : new CoercionInputShape[] {
            CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
        }) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("riffle-strict-json").addDeserializer(Instant.class, new Rfc3339()));
        return mapper;
    }

    /** Instants only as RFC 3339 strings ({@code 2026-01-01T00:00:00Z}); {@code null} stays null. */
    static final class Rfc3339 extends StdScalarDeserializer<Instant> {
        Rfc3339() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctx.handleUnexpectedToken(Instant.class, p);
            }
            String text = p.getText().strip();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) ctx.handleWeirdStringValue(Instant.class, text, "not an RFC 3339 instant");
            }
        }
    }
}
