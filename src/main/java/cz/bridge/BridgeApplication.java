package cz.bridge;

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
        SpringApplication.run(BridgeApplication.class, args);
    }
}
