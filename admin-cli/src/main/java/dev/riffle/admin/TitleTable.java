package dev.riffle.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code GET /v1/titles} as a fixed-width table. */
final class TitleTable {
    private TitleTable() {}

    static void print(JsonNode page, PrintStream out) {
        out.print(render(page));
    }

    static String render(JsonNode page) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "STATUS", "PLAN", "KIND", "SECONDS", "TERRITORIES", "NAME"});
        for (JsonNode t : page.path("items")) {
            List<String> terr = new ArrayList<>();
            t.path("territories").forEach(x -> terr.add(x.asText()));
            rows.add(new String[] {
                t.path("id").asText(),
                t.path("status").asText(),
                t.path("requiredPlan").asText(""),
                t.path("kind").asText("-").replace("null", "-"),
                t.path("durationSeconds").isNumber()
                        ? String.format(
                                Locale.ROOT, "%.1f", t.path("durationSeconds").asDouble())
                        : "-",
                terr.isEmpty() ? "all" : String.join(",", terr),
                t.path("name").asText()
            });
        }
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                b.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + w[i] + "s  ", r[i]));
            }
            b.append('\n');
        }
        long total = page.path("total").asLong();
        int pageNo = page.path("page").asInt();
        int size = page.path("size").asInt();
        b.append(String.format(
                Locale.ROOT, "%d of %d title(s), page %d (size %d)%n", rows.size() - 1, total, pageNo, size));
        return b.toString();
    }
}
