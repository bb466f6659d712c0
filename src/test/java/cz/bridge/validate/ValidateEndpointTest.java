package cz.bridge.validate;

import cz.bridge.simulator.DaktelaSimulator;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/** The validate actuator endpoint as a plain object: it validates the file on disk at each call. */
class ValidateEndpointTest {

    private static final String TOKEN = "endpoint-token";

    @TempDir
    Path dir;

    private DaktelaSimulator daktela;
    private Path file;
    private ValidateEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        daktela = new DaktelaSimulator(TOKEN);
        file = TestFiles.write(dir, "mappings.yaml", TestFiles.GUIDE);
        endpoint = new ValidateEndpoint(file, "", "");
    }

    @AfterEach
    void stop() {
        daktela.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> daktelaPart(Map<String, Object> answer) {
        return (Map<String, Object>) answer.get("daktela");
    }

    @Test
    void isAnActuatorEndpointNamedValidateWithOneReadOperation() throws NoSuchMethodException {
        assertThat(ValidateEndpoint.class.getAnnotation(Endpoint.class).id()).isEqualTo("validate");
        assertThat(ValidateEndpoint.class.getMethod("validate", Boolean.class).isAnnotationPresent(ReadOperation.class)).isTrue();
    }

    @Test
    void validatesTheFileAsItIsOnDiskAtEachCall() {
        assertThat(endpoint.validate(null).getBody()).containsEntry("status", "ok").containsEntry("errors", 0L)
                .doesNotContainKey("daktela");

        TestFiles.write(dir, "mappings.yaml", TestFiles.guideWith("reasonCode: dnd,", "reasonCode: backoffice,"));

        Map<String, Object> answer = endpoint.validate(false).getBody();
        assertThat(answer).containsEntry("status", "errors").containsEntry("errors", 1L);
        assertThat((List<?>) answer.get("findings")).hasSize(1);
    }

    @Test
    void theAnswerIsJson() throws IOException {
        TestFiles.write(dir, "mappings.yaml", TestFiles.guideWith("Wrap, Ready, Logout]", "Wrap, Ready]"));

        JsonNode json = new ObjectMapper().valueToTree(endpoint.validate(null).getBody());

        assertThat(json.get("status").asText()).isEqualTo("ok");
        assertThat(json.get("findings").get(0).get("severity").asText()).isEqualTo("WARNING");
        assertThat(json.get("findings").get(0).get("where").asText())
                .isEqualTo("line 15, employeeStates row 1 (Backoffice), terminatingStates");
    }

    @Test
    void comparesWithDaktelaWhenAsked() {
        daktela.pauses("backoffice", "dnd", "email", "11", "666", "Lunch", "20");
        endpoint = new ValidateEndpoint(file, daktela.url(), TOKEN);

        Map<String, Object> answer = endpoint.validate(true).getBody();

        assertThat(answer).containsEntry("status", "errors");
        assertThat(daktelaPart(answer)).containsEntry("checked", true).containsEntry("pauses", 7);
        assertThat(new ObjectMapper().valueToTree(answer).get("findings").get(0).get("fix").asText())
                .isEqualTo("set reasonCode to 'Lunch'");
    }

    @Test
    void daktelaWithoutItsSettingsIsIncompleteNamingWhatToSet() {
        Map<String, Object> answer = endpoint.validate(true).getBody();

        assertThat(answer).containsEntry("status", "incomplete");
        assertThat(daktelaPart(answer)).containsEntry("checked", false);
        assertThat((daktelaPart(answer)).get("problem").toString())
                .contains("DAKTELA_URL").contains("DAKTELA_ACCESS_TOKEN");
    }

    @Test
    void callsAfterCallsUseOneDaktelaClient() {
        daktela.pauses("backoffice", "dnd", "email", "11", "666", "Lunch", "20");
        endpoint = new ValidateEndpoint(file, daktela.url(), TOKEN, java.time.Duration.ZERO);
        Set<Thread> before = daktelaClientThreads();
        assertThat(daktelaPart(endpoint.validate(true).getBody())).containsEntry("checked", true);
        // the JDK's selector thread is found by its name: the count below means something. Counted as threads
        // that were not there before, not as a difference: another test's client may end its thread meanwhile
        assertThat(added(before)).as("a client's selector thread").isNotEmpty();

        for (int i = 0; i < 20; i++) {
            assertThat(daktelaPart(endpoint.validate(true).getBody())).containsEntry("checked", true);
        }

        // a client per call started an HTTP client, and its selector thread, each time
        assertThat(added(before)).hasSizeLessThan(5);
    }

    /** A GET that another site's page can make in a logged-in browser, again and again: Daktela is read once per 10 s. */
    @Test
    void daktelaIsReadAtMostOncePerTenSeconds() {
        daktela.pauses("backoffice", "dnd", "email", "11", "666", "Lunch", "20");
        endpoint = new ValidateEndpoint(file, daktela.url(), TOKEN);
        assertThat(endpoint.validate(true).getStatus()).isEqualTo(200);
        var again = endpoint.validate(true);
        assertThat(again.getStatus()).isEqualTo(429);
        assertThat(again.getBody().get("error").toString()).matches("Daktela's pauses are read at most once every 10 s: ask again in ([1-9]|10) s");
        assertThat(endpoint.validate(false).getStatus()).as("the file alone").isEqualTo(200);
    }

    private static Set<Thread> added(Set<Thread> before) {
        Set<Thread> now = daktelaClientThreads();
        now.removeAll(before);
        return now;
    }

    private static Set<Thread> daktelaClientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().matches("HttpClient-\\d+-SelectorManager"))
                .collect(Collectors.toCollection(HashSet::new));
    }
}
