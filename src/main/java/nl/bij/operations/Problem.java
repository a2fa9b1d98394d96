package nl.bij.operations;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A refusal of the admin API as RFC 9457 describes it (application/problem+json), which the Dutch API Design Rules
 * ask for: the status, its title, and a detail that says what to change. Never personal data: the details are
 * the service's own sentences.
 */
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Integer, String> TITLES = Map.of(400, "Bad Request", 401, "Unauthorized", 403, "Forbidden",
            404, "Not Found", 409, "Conflict", 429, "Too Many Requests", 500, "Internal Server Error",
            503, "Service Unavailable");

    private Problem() {
    }

    public static String json(int status, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", TITLES.getOrDefault(status, "Error"));
        problem.put("status", status);
        problem.put("detail", detail);
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            return "{\"type\":\"about:blank\",\"status\":" + status + "}";
        }
    }
}
