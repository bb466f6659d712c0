package cz.bridge.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class AllowedDevConsolesTest {

    /** A typing error in the list left the console out without a word (the bridge started, the console 404). */
    @Test
    void aConsoleNameCamelDoesNotHaveIsSaidOnceAndTheOthersAreServed(CapturedOutput output) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            AllowedDevConsoles consoles = new AllowedDevConsoles(List.of("route", "rotue"));
            consoles.setCamelContext(camel);
            consoles.loadDevConsoles(true);
            consoles.loadDevConsoles(true);

            assertThat(consoles.getConsole("route")).isPresent();
            assertThat(consoles.getConsole("rotue")).isEmpty();
            assertThat(output.getAll().split("names the Camel dev console 'rotue', which Camel does not have", -1))
                    .as("said once, in a line naming the setting").hasSize(2);
            assertThat(output.getAll()).contains("WARN").contains("BRIDGE_MANAGEMENT_CONSOLES names the Camel dev console 'rotue'");
        }
    }
}
