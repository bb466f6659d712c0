package cz.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import cz.bridge.config.BridgeProperties;
import cz.bridge.config.FieldFunction;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A misspelt option in the AristoTelos call's parameters (routes/aristotelos.camel.yaml) would be sent
 * to AristoTelos as a query parameter, the option left unset: it is named with the option meant.
 */
@ExtendWith(OutputCaptureExtension.class)
class HttpOptionTyposTest {

    @TempDir
    Path folder;

    private void load(String from, String to) throws Exception {
        String route = Files.readString(Path.of("routes/aristotelos.camel.yaml"));
        assertThat(route).contains(from);
        Path file = Files.writeString(folder.resolve("aristotelos.camel.yaml"), route.replace(from, to));
        CamelContext camel = new DefaultCamelContext();
        try {
            Properties properties = new Properties();
            properties.setProperty("bridge.aristotelos.url", "http://127.0.0.1:9");
            properties.setProperty("bridge.delivery.concurrency", "20");
            camel.getPropertiesComponent().setInitialProperties(properties);
            camel.addLifecycleStrategy(new HttpOptionTypos(new ObjectMapper()));
            camel.getRegistry().bind("fieldFunction", new FieldFunction()); // ${field(...)} in the route file
            camel.getRegistry().bind("retryAfter", new RetryAfter(Clock.systemUTC(), Duration.ofMinutes(1)));
            camel.getRegistry().bind("loneRefusals", new LoneRefusals(() -> null, user -> null, user -> null, Clock.systemUTC(), Duration.ofMinutes(10),
                    Duration.ofMinutes(1), true, Duration.ofMinutes(2)));
            camel.getRegistry().bind("consumerSession", new ConsumerSession(org.mockito.Mockito.mock(jakarta.jms.ConnectionFactory.class)));
            // bound as Spring binds it; never called here
            camel.getRegistry().bind("accessTokenProvider", new AccessTokenProvider(new BridgeProperties.Aristotelos(
                    "http://127.0.0.1:9", "", "bridge", "secret", false, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30)),
                    HttpClient.newHttpClient(), new ObjectMapper(), Clock.systemUTC()));
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:" + file));
            camel.start();
        } finally {
            camel.stop();
        }
    }

    @Test
    void aMisspeltOptionIsNamedWithTheOptionMeant(CapturedOutput output) throws Exception {
        load("responseTimeout: 10000", "responseTimout: 10000");
        assertThat(output.getOut().lines().filter(l -> l.contains(" WARN ")).toList()).singleElement().asString()
                .contains("The http endpoint http://127.0.0.1:9/api/UpdateAgentStatus has the parameter responseTimout, which is no "
                        + "option of camel-http: it is sent as a query parameter of each request, and the option is not set. "
                        + "Fix: spell it responseTimeout in the route file's parameters")
                .doesNotContain("10000");
    }

    @Test
    void theShippedParametersAndAQueryParameterForAristotelosAreNotNamed(CapturedOutput output) throws Exception {
        load("responseTimeout: 10000", "responseTimeout: 10000\n              tenant: north");
        assertThat(output.getOut()).doesNotContain(" WARN ").doesNotContain("HttpOptionTypos");
    }
}
