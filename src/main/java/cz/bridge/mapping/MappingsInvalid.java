package cz.bridge.mapping;

import java.util.List;

/** mappings.yaml cannot be used; each problem names the line, row and field to fix. */
public class MappingsInvalid extends RuntimeException {

    private final List<String> problems;

    public MappingsInvalid(String file, List<String> problems) {
        super(file + " cannot be used:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
