package vae.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class VersionsTest {

    @Test
    void versionsComeFromTheLoadedJars() {
        // These are the versions pinned in the parent pom; the test reads them off the class path.
        assertEquals("4.0.3", Versions.of("org.knowm.xchart.XYChart"));
        assertEquals("0.44.4", Versions.of("tech.tablesaw.api.Table"));
        assertEquals("4.3.2", Versions.of("org.tribuo.Tribuo"));
    }

    @Test
    void aMissingClassIsSaidSo() {
        assertEquals("(not on the class path)", Versions.of("no.such.Thing"));
    }

    @Test
    void tableHasOneRowPerComponent() {
        Table t = Versions.table();
        assertEquals(6, t.rowCount());
        assertEquals("Java", t.stringColumn("component").get(0));
        assertEquals(Runtime.version().toString(), t.stringColumn("version").get(0));
    }
}
