package dlx.report;

import java.util.Base64;
import java.util.List;

/** A self-contained HTML page: inline CSS, pictures as data URIs, nothing fetched from anywhere. */
final class HtmlPage {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
            h1{font-size:1.5rem;margin-bottom:.2rem} h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
            table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem} td,th{padding:.25rem .6rem;border:1px solid #ddd;text-align:left}
            th{background:#f4f4f4} td.n{text-align:right;font-variant-numeric:tabular-nums}
            .status{display:inline-block;padding:.1rem .6rem;border-radius:1rem;background:#eee;font-size:.9rem}
            .completed,.stopped-early{background:#d7f5dd} .diverged,.failed,.crashed{background:#fbd5d5} .running,.interrupted{background:#fff1c2}
            img{max-width:100%;border:1px solid #eee;margin:.3rem 0} pre{background:#f7f7f7;padding:1rem;overflow-x:auto;font-size:.85rem}
            .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:.5rem}
            """;
    private final StringBuilder body = new StringBuilder();
    private final String title;

    HtmlPage(String title) {
        this.title = title;
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    HtmlPage heading(String text, String status) {
        body.append("<h1>").append(escape(text)).append("</h1>");
        if (status != null) {
            body.append("<span class=\"status ").append(escape(status)).append("\">").append(escape(status)).append("</span>");
        }
        return this;
    }

    HtmlPage section(String name) {
        body.append("<h2>").append(escape(name)).append("</h2>\n");
        return this;
    }

    HtmlPage paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A table whose first row is the header. */
    HtmlPage table(List<List<String>> rows) {
        body.append("<table>");
        for (int r = 0; r < rows.size(); r++) {
            body.append("<tr>");
            for (String cell : rows.get(r)) {
                String tag = r == 0 ? "th" : "td";
                boolean number = r > 0 && cell.matches("-?[\\d,.]+(e-?\\d+)?");
                body.append('<').append(tag).append(number ? " class=\"n\">" : ">").append(escape(cell))
                        .append("</").append(tag).append('>');
            }
            body.append("</tr>");
        }
        body.append("</table>\n");
        return this;
    }

    /** A confusion matrix whose cells are shaded by their share of the row. */
    HtmlPage heatmap(List<String> names, int[][] counts) {
        body.append("<table><tr><th>actual \\ predicted</th>");
        names.forEach(n -> body.append("<th>").append(escape(n)).append("</th>"));
        body.append("</tr>");
        for (int i = 0; i < counts.length; i++) {
            int total = java.util.Arrays.stream(counts[i]).sum();
            body.append("<tr><th>").append(escape(names.get(i))).append("</th>");
            for (int j = 0; j < counts[i].length; j++) {
                double share = total == 0 ? 0 : counts[i][j] / (double) total;
                String color = i == j ? "40,160,80" : "220,60,60";
                body.append(String.format(java.util.Locale.ROOT, "<td class=\"n\" style=\"background:rgba(%s,%.2f)\">%d</td>",
                        color, Math.min(1, share * 1.5), counts[i][j]));
            }
            body.append("</tr>");
        }
        body.append("</table>\n");
        return this;
    }

    HtmlPage charts(List<byte[]> pngs) {
        body.append("<div class=\"charts\">");
        for (byte[] png : pngs) {
            body.append("<img alt=\"chart\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
                    .append("\">");
        }
        body.append("</div>\n");
        return this;
    }

    HtmlPage preformatted(String text) {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title><style>" + STYLE + "</style></head><body>\n" + body + "</body></html>\n";
    }
}
