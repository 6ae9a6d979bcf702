package dev.riffle.protocol.manifest;

import static dev.riffle.protocol.manifest.JsonFields.array;
import static dev.riffle.protocol.manifest.JsonFields.integer;
import static dev.riffle.protocol.manifest.JsonFields.object;
import static dev.riffle.protocol.manifest.JsonFields.optionalString;
import static dev.riffle.protocol.manifest.JsonFields.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.protocol.hash.Sha256;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps {@link Manifest} to and from its JSON form (see docs/protocol.md "Signed manifest"). Unknown fields are ignored
 * when reading, absent optional fields are omitted when writing; {@link #canonicalBytes} is what gets signed.
 */
public final class ManifestJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ManifestJson() {}

    /** The canonical UTF-8 bytes of a manifest. */
    public static byte[] canonicalBytes(Manifest m) {
        return CanonicalJson.write(toTree(m));
    }

    /** Parses an unsigned manifest document (no signature check: use {@code ManifestVerifier} for untrusted input). */
    public static Manifest parse(byte[] json, ManifestLimits limits) {
        return fromTree(new BoundedJson(limits).readObject(json), limits);
    }

    public static ObjectNode toTree(Manifest m) {
        ObjectNode o = F.objectNode();
        o.put("version", m.version());
        o.put("titleId", m.titleId());
        o.put("kind", m.kind().json());
        o.put("issuedAtMs", m.issuedAt().toEpochMilli());
        o.put("signingKeyId", m.signingKeyId());
        ObjectNode key = o.putObject("contentKey");
        key.put("kid", m.contentKey().kid().base64url());
        key.put("ivRule", m.contentKey().ivRule().json());
        ArrayNode renditions = o.putArray("renditions");
        for (Rendition r : m.renditions()) {
            renditions.add(toTree(r));
        }
        if (m.live() != null) {
            ObjectNode live = o.putObject("live");
            live.put("windowMs", m.live().windowMs());
            live.put("ended", m.live().ended());
        }
        return o;
    }

    private static ObjectNode toTree(Rendition r) {
        ObjectNode o = F.objectNode();
        o.put("id", r.id());
        o.put("type", r.type().json());
        o.put("bandwidthBps", r.bandwidthBps());
        if (r.resolution() != null) {
            o.put("resolution", r.resolution().text());
        }
        o.put("codecs", r.codecs());
        if (r.language() != null) {
            o.put("language", r.language());
        }
        o.put("targetDurationMs", r.targetDurationMs());
        o.put("playlistUri", r.playlistUri());
        if (r.init() != null) {
            ObjectNode init = o.putObject("init");
            init.put("uri", r.init().uri());
            init.put("size", r.init().size());
            init.put("sha256", r.init().sha256().hex());
        }
        ArrayNode segments = o.putArray("segments");
        for (Segment s : r.segments()) {
            ObjectNode so = segments.addObject();
            so.put("index", s.index());
            so.put("durationMs", s.durationMs());
            so.put("size", s.size());
            so.put("sha256", s.sha256().hex());
            so.put("uri", s.uri());
            if (s.iv() != null) {
                so.put("iv", s.iv().base64url());
            }
            if (s.kid() != null) {
                so.put("kid", s.kid().base64url());
            }
            if (s.programDate() != null) {
                so.put("programDateMs", s.programDate().toEpochMilli());
            }
        }
        o.put("merkleRoot", r.merkleRoot().hex());
        return o;
    }

    /** Reads a manifest tree; the version is checked first so newer formats fail as UNSUPPORTED_VERSION. */
    public static Manifest fromTree(JsonNode o, ManifestLimits limits) {
        checkVersion(o);
        JsonNode key = object(o, "contentKey");
        ContentKey contentKey =
                new ContentKey(ContentKeyId.parse(string(key, "kid")), IvRule.fromJson(string(key, "ivRule")));
        JsonNode rs = array(o, "renditions");
        if (rs.size() > limits.maxRenditions()) {
            throw new ManifestException(ManifestException.Reason.TOO_LARGE, "more than " + limits.maxRenditions());
        }
        List<Rendition> renditions = new ArrayList<>(rs.size());
        for (JsonNode r : rs) {
            renditions.add(rendition(r, limits));
        }
        return new Manifest(
                Manifest.VERSION,
                string(o, "titleId"),
                Kind.fromJson(string(o, "kind")),
                Instant.ofEpochMilli(Checks.range("issuedAtMs", integer(o, "issuedAtMs"), 0, Checks.MAX_JSON_INT)),
                string(o, "signingKeyId"),
                contentKey,
                renditions,
                o.has("live") ? live(object(o, "live")) : null);
    }

    private static Live live(JsonNode l) {
        JsonNode ended = l.get("ended");
        if (ended == null || !ended.isBoolean()) {
            throw ManifestException.malformed("live.ended must be a boolean");
        }
        return new Live(integer(l, "windowMs"), ended.booleanValue());
    }

    /** UNSUPPORTED_VERSION for any integer other than {@link Manifest#VERSION}; MALFORMED when absent or not one. */
    public static void checkVersion(JsonNode manifest) {
        long version = integer(manifest, "version");
        if (version != Manifest.VERSION) {
            throw new ManifestException(ManifestException.Reason.UNSUPPORTED_VERSION, "version " + version);
        }
    }

    private static Rendition rendition(JsonNode r, ManifestLimits limits) {
        if (!r.isObject()) {
            throw ManifestException.malformed("rendition must be an object");
        }
        JsonNode ss = array(r, "segments");
        if (ss.size() > limits.maxSegmentsPerRendition()) {
            throw new ManifestException(
                    ManifestException.Reason.TOO_LARGE, "more than " + limits.maxSegmentsPerRendition() + " segments");
        }
        List<Segment> segments = new ArrayList<>(ss.size());
        for (JsonNode s : ss) {
            segments.add(segment(s));
        }
        String resolution = optionalString(r, "resolution");
        InitSegment init = null;
        if (r.has("init")) {
            JsonNode i = object(r, "init");
            init = new InitSegment(string(i, "uri"), integer(i, "size"), sha256(i, "sha256"));
        }
        return new Rendition(
                string(r, "id"),
                RenditionType.fromJson(string(r, "type")),
                integer(r, "bandwidthBps"),
                resolution == null ? null : Resolution.parse(resolution),
                string(r, "codecs"),
                optionalString(r, "language"),
                integer(r, "targetDurationMs"),
                string(r, "playlistUri"),
                init,
                segments,
                sha256(r, "merkleRoot"));
    }

    private static Segment segment(JsonNode s) {
        if (!s.isObject()) {
            throw ManifestException.malformed("segment must be an object");
        }
        String iv = optionalString(s, "iv");
        String kid = optionalString(s, "kid");
        return new Segment(
                integer(s, "index"),
                integer(s, "durationMs"),
                integer(s, "size"),
                sha256(s, "sha256"),
                string(s, "uri"),
                iv == null ? null : Iv.parse(iv),
                kid == null ? null : ContentKeyId.parse(kid),
                s.has("programDateMs")
                        ? Instant.ofEpochMilli(
                                Checks.range("programDateMs", integer(s, "programDateMs"), 0, Checks.MAX_JSON_INT))
                        : null);
    }

    private static Sha256 sha256(JsonNode o, String field) {
        return Sha256.parse(string(o, field))
                .orElseThrow(() -> ManifestException.malformed(field + " must be 64 lowercase hex characters"));
    }
}
