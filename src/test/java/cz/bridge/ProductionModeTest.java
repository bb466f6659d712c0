package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application itself, started with ARISTOTELOS_URL set and the credentials from the README's
 * demo: it must not start. (Command-line arguments, so that they win over the environment.)
 */
@ExtendWith(OutputCaptureExtension.class)
class ProductionModeTest {

    @TempDir
    Path data;

    private ConfigurableApplicationContext start(String callbackSecret, String managementPassword) throws Exception {
        return start("http://127.0.0.1:9", callbackSecret, managementPassword);
    }

    private ConfigurableApplicationContext start(String aristotelosUrl, String callbackSecret, String managementPassword,
                                                 String... more) throws Exception {
        Files.copy(Path.of("mappings.yaml"), data.resolve("mappings.yaml"), StandardCopyOption.REPLACE_EXISTING);
        return new SpringApplicationBuilder(BridgeApplication.class).run(Stream.concat(Stream.of(
                "--bridge.data-dir=" + data,
                "--bridge.mappings-file=" + data.resolve("mappings.yaml"),
                "--server.port=0",
                "--management.server.port=0",
                "--bridge.artemis-url=",
                "--bridge.aristotelos.url=" + aristotelosUrl,
                "--bridge.aristotelos.client-id=client",
                "--bridge.aristotelos.client-secret=client-secret",
                // what cannot switch the checks off
                "--bridge.demo=true",
                "--bridge.callback.secret=" + callbackSecret,
                "--bridge.management.password=" + managementPassword), Stream.of(more)).toArray(String[]::new));
    }

    @Test
    void refusesToStartWithTheDemoCredentials() {
        assertThatThrownBy(() -> start("change-me", "admin").close())
                .rootCause()
                .hasMessageContaining("ARISTOTELOS_URL is set")
                .hasMessageContaining("DAKTELA_CALLBACK_SECRET is the demo value change-me")
                .hasMessageContaining("MANAGEMENT_PASSWORD is the demo value admin");
    }

    @Test
    void refusesToStartWithoutCredentials() {
        assertThatThrownBy(() -> start("", "").close())
                .rootCause()
                .hasMessageContaining("DAKTELA_CALLBACK_SECRET is not set")
                .hasMessageContaining("MANAGEMENT_PASSWORD is not set");
        assertThat(data.resolve("artemis")).as("the broker's journal was not created").doesNotExist();
    }

    @Test
    void refusesToStartWithAnAristotelosUrlWithoutScheme_namingTheSetting() {
        assertThatThrownBy(() -> start("aristotelos.example.com", "own-secret", "own-password").close())
                .rootCause()
                .hasMessageContaining("ARISTOTELOS_URL is no http(s) address of AristoTelos: it does not begin with http:// or https://")
                .hasMessageContaining("e.g. https://aristotelos.example.com");
    }

    /** The broker's memory is counted in the heap it needs: more than this JVM has stops the start, saying how much to give. */
    @Test
    void refusesToStartWithMoreBrokerMemoryThanTheHeapHolds_namingTheSettings() {
        assertThatThrownBy(() -> start("http://127.0.0.1:9", "own-secret", "own-password", "--bridge.storage.memory=64GB").close())
                .rootCause()
                .hasMessageContaining("BRIDGE_STORAGE_MEMORY 64.0 GB need a heap of about")
                .hasMessageContaining("raise -Xmx and -Xms to at least")
                .hasMessageContaining("or lower BRIDGE_CALLBACK_DUPLICATE_IDS or BRIDGE_STORAGE_MEMORY");
    }

    /** The callback port faces the internet: a short secret starts, with a warning that says what to set, never the secret. */
    @Test
    void warnsOfAShortCallbackSecret_withoutShowingIt(CapturedOutput output) throws Exception {
        start("http://127.0.0.1:9", "own-secret", "own-password").close();
        assertThat(output.getAll().lines().filter(l -> l.contains("DAKTELA_CALLBACK_SECRET has only")).toList()).singleElement()
                .asString().contains(" WARN ").contains("has only 10 characters").contains("set one of at least 16")
                .doesNotContain("own-secret");
        int before = output.getAll().length();
        start("http://127.0.0.1:9", "a-secret-of-sixteen-or-more", "own-password").close();
        assertThat(output.getAll().substring(before)).as("a long secret").contains("Ready: callbacks")
                .doesNotContain("DAKTELA_CALLBACK_SECRET has only").doesNotContain("that a URL cannot carry");
    }

    /**
     * A secret with characters a URL cannot carry as they are ('|', '#', '&' ...) starts, with a warning that says how to
     * send it, never the secret: written as it is in Daktela's URL, Tomcat refused every callback with a 400 and logged
     * the URL, the secret in it (a review of the callback door, 2026-12-06).
     */
    @Test
    void warnsOfACallbackSecretAUrlCannotCarry_withoutShowingIt(CapturedOutput output) throws Exception {
        start("http://127.0.0.1:9", "ab|cd#ef-0123456789+xyz", "own-password").close();
        assertThat(output.getAll().lines().filter(l -> l.contains("that a URL cannot carry")).toList()).singleElement()
                .asString().contains(" WARN ").contains("has 2 character(s)").contains("send it in the header X-Webhook-Secret")
                .doesNotContain("ab|cd");
    }

    /** Settings that start but contradict each other are said once the bridge is ready, beside the short secret's. */
    @Test
    void warnsWhenOthersMayWaitLongerThanAStateIsTried(CapturedOutput output) throws Exception {
        start("http://127.0.0.1:9", "a-secret-of-sixteen-or-more", "own-password", "--bridge.delivery.give-up-when-others-wait=15m").close();
        assertThat(output.getAll().lines().filter(l -> l.contains("BRIDGE_DELIVERY_GIVE_UP_WHEN_OTHERS_WAIT (900s)")).toList()).singleElement()
                .asString().contains(" WARN ").contains("is longer than BRIDGE_DELIVERY_GIVE_UP_AFTER (600s)");
    }
}
