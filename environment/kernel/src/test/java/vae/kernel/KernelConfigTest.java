package vae.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelConfigTest {
    @Test
    void jjavaNamesAreReadAndWinOverIjavaNames(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.jar"), "");
        Files.writeString(dir.resolve("s.jsh"), "int x = 1;");
        KernelConfig c = KernelConfig.from(Map.of(
                "JJAVA_CLASSPATH", dir + "/*.jar",
                "JJAVA_STARTUP_SCRIPTS_PATH", dir + "/s.jsh",
                "JJAVA_STARTUP_SCRIPT", "int y = 2;",
                "JJAVA_COMPILER_OPTS", "--add-modules 'jdk.incubator.vector'",
                "JJAVA_TIMEOUT", "1500",
                "IJAVA_TIMEOUT", "9"));
        assertEquals(List.of(dir.resolve("a.jar").toString()), c.classpath);
        assertEquals(List.of("int x = 1;", "int y = 2;"), c.startupScripts.stream().map(Map.Entry::getValue).toList());
        assertEquals("JJAVA_STARTUP_SCRIPT", c.startupScripts.get(1).getKey());
        assertEquals(List.of("--add-modules", "jdk.incubator.vector"), c.compilerOptions);
        assertEquals(1500, c.timeoutMillis);
        assertEquals("JJAVA_TIMEOUT", c.source("TIMEOUT"));
        assertTrue(c.warnings.stream().anyMatch(w -> w.contains("both JJAVA_TIMEOUT and IJAVA_TIMEOUT")), c.warnings.toString());
    }

    @Test
    void ijavaNamesStillWorkAndBadTimeoutsWarn() {
        KernelConfig c = KernelConfig.from(Map.of("IJAVA_TIMEOUT", "soon", "IJAVA_STARTUP_SCRIPT", "int z;"));
        assertEquals(0, c.timeoutMillis);
        assertEquals("IJAVA_STARTUP_SCRIPT", c.startupScripts.get(0).getKey());
        assertTrue(c.warnings.get(0).startsWith("IJAVA_TIMEOUT = 'soon' is not a number"), c.warnings.toString());
        assertEquals(0, KernelConfig.from(Map.of("JJAVA_TIMEOUT", "-1")).timeoutMillis);
    }
}
