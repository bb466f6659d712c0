package cz.bridge.mapping;

import java.util.List;

/** mappings.yaml cannot be used: its errors, each naming the line, row and field to fix and how. */
public class MappingsInvalid extends RuntimeException {

    private final List<Finding> errors;

    public MappingsInvalid(String file, List<Finding> errors) {
        super(file + " cannot be used:\n  - " + String.join("\n  - ", errors.stream().map(Finding::text).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<Finding> errors() {
        return errors;
    }
}
