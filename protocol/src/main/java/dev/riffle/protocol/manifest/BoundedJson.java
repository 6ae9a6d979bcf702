package dev.riffle.protocol.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads untrusted JSON into a tree within {@link ManifestLimits}: size is checked before parsing, nesting and string
 * length while parsing; duplicate keys and trailing content are refused (a duplicate key could make two readers see
 * different values under one signature). Every failure is a {@link ManifestException}.
 */
public final class BoundedJson {
    private final ManifestLimits limits;
    private final ObjectMapper mapper;

    public BoundedJson(ManifestLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(limits.maxDocumentBytes())
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNameLength(limits.maxStringLength())
                        .maxNumberLength(32)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    public ManifestLimits limits() {
        return limits;
    }

    /** Parses a JSON object. */
    public JsonNode readObject(byte[] json) {
        if (json.length > limits.maxDocumentBytes()) {
            throw new ManifestException(
                    ManifestException.Reason.TOO_LARGE, "document over " + limits.maxDocumentBytes());
        }
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (StreamConstraintsException e) {
            throw new ManifestException(ManifestException.Reason.TOO_LARGE, "document exceeds a parsing limit", e);
        } catch (IOException | RuntimeException e) {
            throw new ManifestException(ManifestException.Reason.MALFORMED, "not valid JSON", e);
        }
        if (node == null || !node.isObject()) {
            throw ManifestException.malformed("top level must be a JSON object");
        }
        return node;
    }

    /** Reads at most the document limit from {@code in} (not closed), then parses it. */
    public JsonNode readObject(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(limits.maxDocumentBytes() + 1);
        return readObject(bytes);
    }
}
