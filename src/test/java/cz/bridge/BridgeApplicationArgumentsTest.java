package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The words the bridge's command line takes: options, and 'validate' (handled before). */
class BridgeApplicationArgumentsTest {

    @Test
    void aMistypedCommandIsRefusedNamingItAndOptionsPass() {
        assertThat(BridgeApplication.unknownCommand(new String[] {"valdate", "--mappings", "m.yaml"}))
                .startsWith("unknown command 'valdate'").contains("validate").contains("nothing was started");
        assertThat(BridgeApplication.unknownCommand(new String[] {"--server.port=8080", "--debug"})).isNull();
        assertThat(BridgeApplication.unknownCommand(new String[0])).isNull();
    }
}
