package dev.riffle.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads rendered manifests into the Kubernetes API's typed model (fabric8) and lists what does not fit: a kind the
 * model does not know, a value of the wrong type, or a field the type does not have. fabric8's types keep unknown
 * fields in {@code additionalProperties} instead of failing, so every parsed object is walked for them.
 */
final class KubernetesTypes {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubernetesTypes() {}

    /** Problems found in one rendered document, each naming the object and the JSON path; empty when it fits. */
    static List<String> problems(JsonNode document) {
        String what = document.path("kind").asText() + " "
                + document.path("metadata").path("name").asText();
        HasMetadata parsed;
        try {
            parsed = SERIALIZATION.unmarshal(document.toString(), HasMetadata.class);
        } catch (RuntimeException e) {
            return List.of(what + ": does not parse as its Kubernetes type: " + rootCause(e));
        }
        if (parsed == null || parsed instanceof GenericKubernetesResource) {
            return List.of(what + ": apiVersion " + document.path("apiVersion").asText() + " kind "
                    + document.path("kind").asText() + " is not a type the Kubernetes model knows");
        }
        List<String> found = new ArrayList<>();
        walk(parsed, what + " " + parsed.getClass().getSimpleName(), found, new IdentityHashMap<>());
        return found;
    }

    static Class<?> typeOf(JsonNode document) {
        return SERIALIZATION.unmarshal(document.toString(), HasMetadata.class).getClass();
    }

    private static void walk(Object o, String path, List<String> found, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) return;
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) walk(e, path + "[" + i++ + "]", found, seen);
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) walk(e.getValue(), path + "." + e.getKey(), found, seen);
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.") || o instanceof Quantity || o instanceof IntOrString)
            return;
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                f.setAccessible(true);
                Object value;
                try {
                    value = f.get(o);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (f.getName().equals("additionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty())
                        found.add(path + ": unknown field(s) " + extra.keySet());
                } else {
                    walk(value, path + "." + f.getName(), found, seen);
                }
            }
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage();
    }
}
