package nl.bij.operations;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The command line's side of the admin API: one HTTP call per command, and the answer as readable tables (or as
 * the JSON itself). Everything the command line can do, the API does; this class only asks and shows.
 */
public final class AdminClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final String authorization;

    public AdminClient(String url, String user, char[] password) {
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8));
    }

    /** The answer: its HTTP status and body. */
    public record Answer(int status, String body) {
        public boolean ok() {
            return status == 200;
        }
    }

    public Answer get(String path, Map<String, String> query) throws IOException, InterruptedException {
        return call("GET", path, query);
    }

    public Answer post(String path, Map<String, String> query) throws IOException, InterruptedException {
        return call("POST", path, query);
    }

    private Answer call(String method, String path, Map<String, String> query) throws IOException, InterruptedException {
        StringJoiner parameters = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                parameters.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path + parameters))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", authorization)
                // the API refuses a state-changing call without it (see AdminGate)
                .header("X-Requested-With", "bij")
                .timeout(Duration.ofSeconds(60)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** What a refusal says to a person: the detail of its problem+json body, or the body as it came. */
    public static String detailOf(String body) {
        try {
            com.fasterxml.jackson.databind.JsonNode problem = new ObjectMapper().readTree(body);
            return problem != null && problem.hasNonNull("detail") ? problem.get("detail").asText() : body;
        } catch (IOException e) {
            return body;
        }
    }

    /** A JSON answer as text for people: objects as "key: value" lines, arrays of objects as tables. */
    public String render(String body) throws IOException {
        StringBuilder out = new StringBuilder();
        render(json.readTree(body), "", out);
        return out.toString();
    }

    private void render(JsonNode node, String title, StringBuilder out) {
        if (node.isArray()) {
            if (!title.isEmpty()) {
                out.append(title).append(" (").append(node.size()).append(")\n");
            }
            out.append(table(node));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isContainerNode() && !(field.getValue().isArray() && isScalars(field.getValue()))) {
                    out.append('\n');
                    render(field.getValue(), field.getKey(), out);
                } else {
                    out.append(field.getKey()).append(": ").append(text(field.getValue())).append('\n');
                }
            }
        } else {
            out.append(text(node)).append('\n');
        }
    }

    private static String table(JsonNode rows) {
        if (rows.isEmpty()) {
            return "  (none)\n";
        }
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(row -> row.fieldNames().forEachRemaining(columns::add));
        List<String> names = new ArrayList<>(columns);
        int[] widths = names.stream().mapToInt(String::length).toArray();
        List<List<String>> cells = new ArrayList<>();
        for (JsonNode row : rows) {
            List<String> line = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String cell = text(row.path(names.get(i)));
                widths[i] = Math.min(Math.max(widths[i], cell.length()), 80);
                line.add(cell);
            }
            cells.add(line);
        }
        StringBuilder out = new StringBuilder();
        out.append(line(names, widths));
        for (List<String> line : cells) {
            out.append(line(line, widths));
        }
        return out.toString();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder out = new StringBuilder(" ");
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i).length() > widths[i] ? cells.get(i).substring(0, widths[i] - 3) + "..." : cells.get(i);
            out.append(' ').append(String.format("%-" + widths[i] + "s", cell));
        }
        return out.toString().stripTrailing() + "\n";
    }

    private static boolean isScalars(JsonNode array) {
        for (JsonNode item : array) {
            if (item.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "-";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            return String.join(",", items);
        }
        return node.asText();
    }
}
