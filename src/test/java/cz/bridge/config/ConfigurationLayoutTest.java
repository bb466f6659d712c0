package cz.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/** Each package wires its own beans; the config package keeps only what all share (no Spring context). */
class ConfigurationLayoutTest {

    @Test
    void everyBridgeBeanIsWiredByTheConfigurationOfItsOwnPackage() throws Exception {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AnnotationTypeFilter(Configuration.class));
        List<String> misplaced = new ArrayList<>();
        int configurations = 0;
        for (BeanDefinition found : scan.findCandidateComponents("cz.bridge")) {
            Class<?> configuration = Class.forName(found.getBeanClassName());
            configurations++;
            for (Method method : configuration.getDeclaredMethods()) {
                Class<?> type = method.getReturnType();
                if (method.isAnnotationPresent(Bean.class) && type.getPackageName().startsWith("cz.bridge")
                        && !type.getPackageName().equals(configuration.getPackageName())) {
                    misplaced.add(configuration.getSimpleName() + "." + method.getName() + " wires a " + type.getName());
                }
            }
        }
        assertThat(configurations).as("one configuration per package at least").isGreaterThanOrEqualTo(8);
        assertThat(misplaced).isEmpty();
        assertThat(BridgeConfiguration.class.getDeclaredMethods()).filteredOn(m -> m.isAnnotationPresent(Bean.class))
                .extracting(Method::getName).as("what all packages share")
                .containsExactlyInAnyOrder("clock", "brokerTransaction", "jms", "artemisClientTuning",
                        "bridgeQueues", "requiredRoutesPresent", "fieldFunction");
    }
}
