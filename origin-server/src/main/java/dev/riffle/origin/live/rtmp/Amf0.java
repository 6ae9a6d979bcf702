package dev.riffle.origin.live.rtmp;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMF0 (Adobe's Action Message Format, version 0), the encoding of RTMP commands: what a pusher's {@code connect},
 * {@code createStream} and {@code publish} carry, and what the server answers. Values decode to Java values: numbers
 * to {@link Double}, booleans, strings, objects and ECMA arrays to {@code Map<String,Object>} (insertion order), strict
 * arrays to {@link List}, null and undefined to {@link #NULL}. Input is untrusted: nesting and element counts are
 * bounded and anything else is an {@link RtmpException}.
 */
public final class Amf0 {
    /** AMF0 null and undefined. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final int MAX_DEPTH = 8;
    private static final int MAX_ELEMENTS = 1024;

    private Amf0() {}

    /** Every value in {@code payload}, in order (a command message: name, transaction id, arguments). */
    public static List<Object> decodeAll(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        List<Object> values = new ArrayList<>();
        try {
            while (in.hasRemaining()) {
                if (values.size() >= MAX_ELEMENTS) throw new RtmpException("too many AMF0 values");
                values.add(value(in, 0));
            }
        } catch (BufferUnderflowException e) {
            throw new RtmpException("truncated AMF0 value");
        }
        return values;
    }

    private static Object value(ByteBuffer in, int depth) {
        if (depth > MAX_DEPTH) throw new RtmpException("AMF0 nested too deeply");
        int marker = in.get() & 0xFF;
        return switch (marker) {
            case 0x00 -> in.getDouble();
            case 0x01 -> in.get() != 0;
            case 0x02 -> string(in, in.getShort() & 0xFFFF);
            case 0x03 -> properties(in, depth);
            case 0x05, 0x06 -> NULL;
            case 0x08 -> {
                in.getInt(); // ECMA array: a count hint, then properties like an object
                yield properties(in, depth);
            }
            case 0x0A -> {
                long n = in.getInt() & 0xFFFFFFFFL;
                if (n > MAX_ELEMENTS) throw new RtmpException("AMF0 array too long");
                List<Object> list = new ArrayList<>((int) n);
                for (int i = 0; i < n; i++) list.add(value(in, depth + 1));
                yield list;
            }
            case 0x0B -> {
                double millis = in.getDouble();
                in.getShort(); // time zone, unused by AMF0 writers
                yield millis;
            }
            case 0x0C -> {
                long n = in.getInt() & 0xFFFFFFFFL;
                if (n > in.remaining()) throw new RtmpException("truncated AMF0 long string");
                yield string(in, (int) n);
            }
            default -> throw new RtmpException("unsupported AMF0 type 0x" + Integer.toHexString(marker));
        };
    }

    private static Map<String, Object> properties(ByteBuffer in, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            int keyLength = in.getShort() & 0xFFFF;
            if (keyLength == 0) {
                int end = in.get() & 0xFF;
                if (end != 0x09) throw new RtmpException("AMF0 object without its end marker");
                return map;
            }
            if (map.size() >= MAX_ELEMENTS) throw new RtmpException("AMF0 object too large");
            String key = string(in, keyLength);
            map.put(key, value(in, depth + 1));
        }
    }

    private static String string(ByteBuffer in, int length) {
        if (length > in.remaining()) throw new RtmpException("truncated AMF0 string");
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The AMF0 encoding of {@code values}: Number, Boolean, String, Map (as an object), {@link #NULL}. */
    public static byte[] encode(Object... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object v : values) write(out, v);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object v) {
        if (v == null || v == NULL) {
            out.write(0x05);
        } else if (v instanceof Number n) {
            out.write(0x00);
            long bits = Double.doubleToLongBits(n.doubleValue());
            for (int shift = 56; shift >= 0; shift -= 8) out.write((int) (bits >>> shift));
        } else if (v instanceof Boolean b) {
            out.write(0x01);
            out.write(b ? 1 : 0);
        } else if (v instanceof String s) {
            out.write(0x02);
            writeShortString(out, s);
        } else if (v instanceof Map<?, ?> m) {
            out.write(0x03);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                writeShortString(out, (String) e.getKey());
                write(out, e.getValue());
            }
            out.write(0);
            out.write(0);
            out.write(0x09);
        } else {
            throw new IllegalArgumentException("no AMF0 form for " + v.getClass());
        }
    }

    private static void writeShortString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) throw new IllegalArgumentException("string too long for AMF0");
        out.write(b.length >>> 8);
        out.write(b.length);
        out.write(b, 0, b.length);
    }
}
