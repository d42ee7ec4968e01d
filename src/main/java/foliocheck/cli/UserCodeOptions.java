package foliocheck.cli;

import foliocheck.check.Catalog;
import foliocheck.check.UserCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that load a user's designs, scenarios and properties; shared by the commands. */
final class UserCodeOptions {
    @Option(names = "--design-file", paramLabel = "FILE.java",
            description = "compile and load a design (a class extending a built-in design or foliocheck.model.Design; repeatable)")
    List<Path> designFiles = new ArrayList<>();

    @Option(names = "--scenario-file", paramLabel = "FILE.java",
            description = "compile and load a scenario (a class implementing Supplier<Scenario>; repeatable)")
    List<Path> scenarioFiles = new ArrayList<>();

    @Option(names = "--property-file", paramLabel = "FILE.java",
            description = "compile and load properties (a class implementing foliocheck.properties.PropertySet; repeatable)")
    List<Path> propertyFiles = new ArrayList<>();

    @Option(names = "--design-path", paramLabel = "DIR|JAR",
            description = "load compiled designs, scenarios and property sets from a class directory or jar (repeatable)")
    List<Path> designPath = new ArrayList<>();

    /** The catalog: built-ins plus everything these options load. */
    Catalog catalog() throws UserCode.Bad {
        List<UserCode.Source> sources = new ArrayList<>();
        designFiles.forEach(p -> sources.add(new UserCode.Source(p, UserCode.Kind.DESIGN)));
        scenarioFiles.forEach(p -> sources.add(new UserCode.Source(p, UserCode.Kind.SCENARIO)));
        propertyFiles.forEach(p -> sources.add(new UserCode.Source(p, UserCode.Kind.PROPERTY)));
        designPath.forEach(p -> sources.add(new UserCode.Source(p, UserCode.Kind.ANY)));
        return Catalog.with(UserCode.load(sources));
    }

    /** A user-code error as the command prints it: the first line prefixed, compiler messages kept whole. */
    static String message(UserCode.Bad e) {
        return "foliocheck: " + e.getMessage();
    }
}
