package nl.bij.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import nl.bij.operations.AdminApi;
import nl.bij.operations.Problem;

/**
 * The admin API described: the OpenAPI 3 document at /api/v1/openapi.json validates, names exactly the paths of
 * routes/admin-api.camel.yaml, says what each does and needs; and the answers keep its promises: refusals as
 * application/problem+json, the API-Version header on every one.
 */
@OnceOnTheH2Pass
class OpenApiTest extends ServiceTestSupport {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    @Test
    void theDocumentValidatesAndDescribesExactlyTheRoutesWithTheirParametersAndLogin() throws Exception {
        HttpResponse<String> served = probe("/api/v1/openapi.json");
        assertThat(served.statusCode()).as("no login needed: it holds no data").isEqualTo(200);

        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served.body(), null, null);
        assertThat(parsed.getMessages()).as("what the OpenAPI parser finds wrong").isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getInfo().getVersion()).isEqualTo(AdminApi.VERSION);
        assertThat(api.getComponents().getSecuritySchemes()).containsKey("operatorLogin");

        Set<String> described = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            described.add(method + " " + path);
            assertThat(operation.getSummary()).as(method + " " + path + " says what it does").isNotBlank();
            assertThat(operation.getResponses()).as(method + " " + path + " names its answers").isNotEmpty();
            assertParametersDeclared(path, method, operation);
            boolean needsLogin = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
            assertThat(needsLogin).as(method + " " + path + " needs a login").isEqualTo(path.startsWith("/api/v1/"));
        }));
        assertThat(described).isEqualTo(routes());
    }

    @Test
    void refusalsAreProblemsAndEveryAnswerCarriesTheApiVersion() throws Exception {
        HttpResponse<String> unknown = admin("GET", "/events/00000000-0000-4000-8000-00000000beef", AdminApiTest.VIEWER);
        assertProblem(unknown, 404, "Not Found");

        HttpResponse<String> forged = admin("POST", "/replay/municipalities/0344", AdminApiTest.OPERATOR, Map.of());
        assertProblem(forged, 403, "Forbidden");
        assertThat(problem(forged).get("detail").asText()).contains("X-Requested-With");

        HttpResponse<String> viewer = admin("POST", "/replay/municipalities/0344?dryRun=true", AdminApiTest.VIEWER);
        assertProblem(viewer, 403, "Forbidden");

        HttpResponse<String> status = admin("GET", "/status", AdminApiTest.VIEWER);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("API-Version")).hasValue(AdminApi.VERSION);
        assertThat(probe("/health/live").headers().firstValue("API-Version")).hasValue(AdminApi.VERSION);
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String title) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
        assertThat(answer.headers().firstValue("API-Version")).hasValue(AdminApi.VERSION);
        JsonNode problem = problem(answer);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isEqualTo(title);
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    private static JsonNode problem(HttpResponse<String> answer) throws Exception {
        return new ObjectMapper().readTree(answer.body());
    }

    /** Every {name} of the path is a declared path parameter, and every POST declares the header it needs. */
    private static void assertParametersDeclared(String path, PathItem.HttpMethod method, Operation operation) {
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        Matcher name = PATH_PARAMETER.matcher(path);
        while (name.find()) {
            String declared = name.group(1);
            assertThat(parameters).as(method + " " + path + " declares " + declared)
                    .anySatisfy(p -> {
                        assertThat(p.getName()).isEqualTo(declared);
                        assertThat(p.getIn()).isEqualTo("path");
                    });
        }
        if (method == PathItem.HttpMethod.POST) {
            assertThat(parameters).as(method + " " + path + " declares X-Requested-With")
                    .anySatisfy(p -> assertThat(p.getName() + " " + p.getIn()).isEqualTo("X-Requested-With header"));
        }
    }

    /** "METHOD /path" of every rest definition in routes/admin-api.camel.yaml. */
    @SuppressWarnings("unchecked")
    private static Set<String> routes() throws Exception {
        List<Object> definitions = (List<Object>) new Load(LoadSettings.builder().build()).loadFromString(
                Files.readString(Path.of("routes/admin-api.camel.yaml"), StandardCharsets.UTF_8));
        Set<String> routes = new TreeSet<>();
        for (Object definition : definitions) {
            Map<String, Object> rest = (Map<String, Object>) ((Map<String, Object>) definition).get("rest");
            if (rest == null) {
                continue;
            }
            for (String verb : List.of("get", "post", "put", "delete", "patch", "head")) {
                for (Map<String, Object> operation : (List<Map<String, Object>>) rest.getOrDefault(verb, List.of())) {
                    routes.add(verb.toUpperCase() + " " + rest.get("path") + operation.get("path"));
                }
            }
        }
        return routes;
    }
}
