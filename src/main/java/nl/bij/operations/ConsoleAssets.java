package nl.bij.operations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web console's three static files, from the jar (no build at run time, no CDN). Only these are served; any
 * other path is a 404, so the class path cannot be browsed through it.
 */
public final class ConsoleAssets {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "codes.js", "text/javascript; charset=utf-8");

    /** @param uri the request path, e.g. {@code /console/console.js}; {@code /console/} is the page */
    public byte[] asset(String uri) {
        String name = name(uri);
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream("console/" + name)) {
            if (in == null) {
                throw AdminException.notFound("console file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String contentType(String uri) {
        return FILES.get(name(uri));
    }

    private static String name(String uri) {
        int start = uri == null ? -1 : uri.indexOf("/console");
        String path = start < 0 ? "" : uri.substring(start + "/console".length()).replaceFirst("^/", "");
        String name = path.isEmpty() ? "index.html" : path;
        if (!FILES.containsKey(name)) {
            throw AdminException.notFound("console file");
        }
        return name;
    }
}
