package dev.riffle.tracker.geo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small databases in the MaxMind DB format (v2.0, the format of GeoLite2-ASN/City {@code .mmdb} files), so the
 * real {@code com.maxmind.geoip2} reader can be tested without shipping MaxMind's data. No writer library is available
 * here, and the format is small: a binary search tree over the address bits (IPv6 tree, IPv4 under {@code ::/96},
 * 24-bit records), 16 zero bytes, a data section of typed values, then {@code \xAB\xCD\xEFMaxMind.com} and a metadata
 * map. Values: {@link String}, {@link Map} (string keys), {@link List}, {@link U16}, {@link U32}, {@link U64},
 * {@link Boolean}. Networks must not nest.
 */
final class MmdbWriter {

    /** Unsigned integers of the format's widths (the reader maps them to Integer, Long and BigInteger). */
    record U16(int value) {}

    record U32(long value) {}

    record U64(long value) {}

    private static final byte[] METADATA_MARKER = {
        (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
    };

    private static final class Node {
        Node zero;
        Node one;
        Integer data; // offset in the data section when this is a leaf
    }

    private final String databaseType;
    private final Node root = new Node();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    MmdbWriter(String databaseType) {
        this.databaseType = databaseType;
    }

    /** Maps every address of {@code cidr} (IPv4 or IPv6) to {@code record}. */
    MmdbWriter put(String cidr, Map<String, ?> record) {
        int slash = cidr.indexOf('/');
        byte[] address;
        try {
            address = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        byte[] bits = address;
        if (address.length == 4) { // IPv4 lives under ::/96 in an IPv6 tree
            bits = new byte[16];
            System.arraycopy(address, 0, bits, 12, 4);
            prefix += 96;
        }
        Node node = root;
        for (int i = 0; i < prefix; i++) {
            boolean one = (bits[i / 8] & (0x80 >> (i % 8))) != 0;
            Node next = one ? node.one : node.zero;
            if (next == null) {
                next = new Node();
                if (one) {
                    node.one = next;
                } else {
                    node.zero = next;
                }
            }
            if (next.data != null) {
                throw new IllegalArgumentException("networks must not nest: " + cidr);
            }
            node = next;
        }
        node.data = data.size();
        encode(data, record);
        return this;
    }

    byte[] build() {
        // Number the inner nodes breadth first; leaves and empty branches become record values.
        List<Node> inner = new ArrayList<>();
        Map<Node, Integer> index = new IdentityHashMap<>();
        ArrayDeque<Node> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            index.put(n, inner.size());
            inner.add(n);
            for (Node child : new Node[] {n.zero, n.one}) {
                if (child != null && child.data == null) {
                    queue.add(child);
                }
            }
        }
        int nodeCount = inner.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node n : inner) {
            record24(out, value(n.zero, nodeCount, index));
            record24(out, value(n.one, nodeCount, index));
        }
        out.writeBytes(new byte[16]);
        out.writeBytes(data.toByteArray());
        out.writeBytes(METADATA_MARKER);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", new U16(2));
        metadata.put("binary_format_minor_version", new U16(0));
        metadata.put("build_epoch", new U64(1_763_780_000L));
        metadata.put("database_type", databaseType);
        metadata.put("description", Map.of("en", "Riffle test data"));
        metadata.put("ip_version", new U16(6));
        metadata.put("languages", List.of("en"));
        metadata.put("node_count", new U32(nodeCount));
        metadata.put("record_size", new U16(24));
        encode(out, metadata);
        return out.toByteArray();
    }

    Path write(Path file) {
        try {
            Files.write(file, build());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long value(Node child, int nodeCount, Map<Node, Integer> index) {
        if (child == null) {
            return nodeCount; // no data
        }
        if (child.data != null) {
            return nodeCount + 16L + child.data; // pointer into the data section
        }
        return index.get(child);
    }

    private static void record24(ByteArrayOutputStream out, long v) {
        if (v >= 1 << 24) {
            throw new IllegalStateException("database too large for 24-bit records");
        }
        out.write((int) (v >>> 16) & 0xFF);
        out.write((int) (v >>> 8) & 0xFF);
        out.write((int) v & 0xFF);
    }

    // Types from the MaxMind DB spec; 8 and above are "extended" (written as 0 plus a byte of type - 7).
    private static final int STRING = 2;
    private static final int UINT16 = 5;
    private static final int UINT32 = 6;
    private static final int MAP = 7;
    private static final int UINT64 = 9;
    private static final int ARRAY = 11;
    private static final int BOOLEAN = 14;

    private static void encode(ByteArrayOutputStream out, Object v) {
        if (v instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            control(out, STRING, utf8.length);
            out.writeBytes(utf8);
        } else if (v instanceof Map<?, ?> m) {
            control(out, MAP, m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                encode(out, (String) e.getKey());
                encode(out, e.getValue());
            }
        } else if (v instanceof List<?> l) {
            control(out, ARRAY, l.size());
            l.forEach(x -> encode(out, x));
        } else if (v instanceof U16 u) {
            unsigned(out, UINT16, u.value());
        } else if (v instanceof U32 u) {
            unsigned(out, UINT32, u.value());
        } else if (v instanceof U64 u) {
            unsigned(out, UINT64, u.value());
        } else if (v instanceof Boolean b) {
            control(out, BOOLEAN, b ? 1 : 0);
        } else {
            throw new IllegalArgumentException("cannot encode " + v);
        }
    }

    private static void unsigned(ByteArrayOutputStream out, int type, long value) {
        int bytes = 0;
        while (bytes < 8 && (value >>> (8 * bytes)) != 0) {
            bytes++;
        }
        control(out, type, bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }

    private static void control(ByteArrayOutputStream out, int type, int size) {
        int sizeBits;
        byte[] extra;
        if (size < 29) {
            sizeBits = size;
            extra = new byte[0];
        } else if (size < 29 + 256) {
            sizeBits = 29;
            extra = new byte[] {(byte) (size - 29)};
        } else if (size < 285 + 65536) {
            sizeBits = 30;
            int s = size - 285;
            extra = new byte[] {(byte) (s >>> 8), (byte) s};
        } else {
            sizeBits = 31;
            int s = size - 65821;
            extra = new byte[] {(byte) (s >>> 16), (byte) (s >>> 8), (byte) s};
        }
        if (type <= 7) {
            out.write((type << 5) | sizeBits);
        } else {
            out.write(sizeBits);
            out.write(type - 7);
        }
        out.writeBytes(extra);
    }
}
