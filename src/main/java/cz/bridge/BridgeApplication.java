package cz.bridge;

import cz.bridge.logging.OneLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class BridgeApplication {

    public static void main(String[] args) {
        if (args.length > 0 && "validate".equals(args[0])) {
            // checks mappings.yaml (and Daktela's pauses) without starting Spring; exits with its code
            cz.bridge.validate.ValidateCommand.main(args);
            return;
        }
        String unknown = unknownCommand(args);
        if (unknown != null) {
            System.err.println(unknown);
            System.exit(2);
        }
        try {
            SpringApplication.run(BridgeApplication.class, args);
        } catch (RuntimeException failedStart) {
            // Spring Boot has logged why. Threads a start that failed late leaves behind (Camel's run
            // controller, the broker's in-VM connector) would keep the process alive without a port,
            // and a supervisor (Docker, systemd) would take it for a bridge that runs and not restart it
            System.exit(1);
        }
    }

    /**
     * What is wrong with a word among the arguments, or null: the bridge takes options (--name=value)
     * and the command 'validate'. Spring Boot ignores other words, so a mistyped 'valdate' started a
     * whole bridge (with the production settings of the shell it was typed in).
     */
    static String unknownCommand(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return "unknown command '" + OneLine.of(arg, 40) + "': the bridge takes options written "
                        + "--name=value (--server.port=8080; a value after a space is no option's), or the command 'validate' "
                        + "first (validate --help says more); nothing was started";
            }
        }
        return null;
    }
}
