package cz.bridge.validate;

import java.util.ArrayList;
import java.util.List;

import cz.bridge.mapping.EmployeeState;
import cz.bridge.mapping.ExternalState;
import cz.bridge.mapping.Mappings;
import cz.bridge.mapping.MappingsReader;

/**
 * The rows of a mappings file with their row numbers (1-based, as the file counts them): all of
 * them when the file reads, or the readable ones when the reader refuses it, so that the
 * remaining checks still run.
 */
record MappingsTable(List<Row<ExternalState>> externalStates, List<Row<EmployeeState>> employeeStates) {

    record Row<T>(int number, T state) {
    }

    static MappingsTable of(Mappings mappings) {
        return of(mappings.externalStates(), mappings.employeeStates());
    }

    /** The readable rows of a file, numbered as the file counts them. */
    static MappingsTable of(MappingsReader.Contents contents) {
        return new MappingsTable(
                contents.externalStates().stream().map(r -> new Row<>(r.row(), r.state())).toList(),
                contents.employeeStates().stream().map(r -> new Row<>(r.row(), r.state())).toList());
    }

    static MappingsTable of(List<ExternalState> externalStates, List<EmployeeState> employeeStates) {
        List<Row<ExternalState>> external = new ArrayList<>();
        for (int i = 0; i < externalStates.size(); i++) {
            external.add(new Row<>(i + 1, externalStates.get(i)));
        }
        List<Row<EmployeeState>> employee = new ArrayList<>();
        for (int i = 0; i < employeeStates.size(); i++) {
            employee.add(new Row<>(i + 1, employeeStates.get(i)));
        }
        return new MappingsTable(external, employee);
    }
}
