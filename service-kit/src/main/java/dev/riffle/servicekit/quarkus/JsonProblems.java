package dev.riffle.servicekit.quarkus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.riffle.servicekit.problem.Problem;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;

/**
 * A {@code bad-json} problem for a body Jackson refused, naming the field and what it should have held, without echoing
 * Jackson's message (which quotes input and class names).
 */
final class JsonProblems {
    private JsonProblems() {}

    static Problem of(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
            String detail = e instanceof MismatchedInputException
                    ? "the body must be exactly one JSON value of the expected shape"
                    : "the body is not valid JSON";
            return Problem.of(400, "bad-json", detail);
        }
        String field = path(m);
        Class<?> target = e instanceof MismatchedInputException mi ? mi.getTargetType() : null;
        String expected = expected(target);
        String detail = "field '" + field + "'" + (expected == null ? " has the wrong type" : ": expected " + expected);
        return Problem.of(400, "bad-json", detail).withField(field);
    }

    /** {@code territories[0]}, {@code window.from}. */
    static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!b.isEmpty()) b.append('.');
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    static String expected(Class<?> t) {
        if (t == null) return null;
        if (t == String.class || t == Character.class || t == char.class) return "a string";
        if (t == Boolean.class || t == boolean.class) return "true or false";
        if (t == Long.class
                || t == Integer.class
                || t == Short.class
                || t == long.class
                || t == int.class
                || t == short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(t) || t.isPrimitive()) return "a number";
        if (Temporal.class.isAssignableFrom(t)) return "an RFC 3339 string such as 2026-01-01T00:00:00Z";
        if (t.isArray() || Collection.class.isAssignableFrom(t)) return "an array";
        if (Map.class.isAssignableFrom(t) || t.isRecord()) return "an object";
        if (t.isEnum()) return "one of the documented values";
        return null;
    }
}
