package vae.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MagicSyntaxTest {
    private static List<MagicSyntax.Part> parts(String cell) {
        return MagicSyntax.parts(cell);
    }

    @Test
    void statementMagicsSplitTheCellAndKeepLineNumbers() {
        List<MagicSyntax.Part> p = parts("int a = 1;\n%jars lib/*.jar other.jar\nint b = a;\n%classpath \"a dir\"");
        assertEquals(List.of(
                new MagicSyntax.Code("int a = 1;\n", 1),
                new MagicSyntax.LineMagic("jars", List.of("lib/*.jar", "other.jar"), 2),
                new MagicSyntax.Code("int b = a;\n", 3),
                new MagicSyntax.LineMagic("classpath", List.of("a dir"), 4)), p);
    }

    @Test
    void magicAsAnExpressionBecomesACall() {
        List<MagicSyntax.Part> p = parts("List<String> added = %jars lib/*.jar;\nadded");
        assertEquals(List.of(new MagicSyntax.Code(
                "List<String> added = vae.kernel.Display.lineMagic(\"jars\", java.util.List.of(\"lib/*.jar\"));\nadded",
                1)), p);
    }

    @Test
    void magicInsideABlockBecomesACallStatement() {
        List<MagicSyntax.Part> p = parts("for (int i = 0; i < 2; i++) {\n    %jars x.jar\n}");
        assertEquals(List.of(new MagicSyntax.Code(
                "for (int i = 0; i < 2; i++) {\n    vae.kernel.Display.lineMagic(\"jars\", java.util.List.of(\"x.jar\"));\n}",
                1)), p);
    }

    @Test
    void percentInsideATextBlockIsText() {
        String cell = "String s = \"\"\"\n%jars not/a/magic\n  %d percent\n\"\"\";\ns";
        assertEquals(List.of(new MagicSyntax.Code(cell, 1)), parts(cell));
    }

    @Test
    void percentInStringsCharsAndCommentsIsLeftAlone() {
        String cell = "String f = \"%d\";\nchar c = '%';\n// %jars x\n/* \n%jars y\n*/\nint z = 1;";
        assertEquals(List.of(new MagicSyntax.Code(cell, 1)), parts(cell));
    }

    @Test
    void moduloOnAContinuationLineIsJava() {
        // The statement before it has no ';' yet: "%b" continues it (r = 17 % b).
        String cell = "int b = 5;\nint r = 17\n%b;\nr";
        List<MagicSyntax.Part> p = parts(cell);
        assertEquals(List.of(new MagicSyntax.Code(cell, 1)), p);
        assertEquals(List.of(new MagicSyntax.Code("int r = 17\n  % 5;\nr", 1)), parts("int r = 17\n  % 5;\nr"));
    }

    @Test
    void comparisonsAreNotAssignments() {
        String cell = "boolean q = a ==%b;";
        assertEquals(List.of(new MagicSyntax.Code(cell, 1)), parts(cell));
    }

    @Test
    void magicAfterAClosingBraceOrAtTheTopIsAStatement() {
        List<MagicSyntax.Part> p = parts("void f() {\n}\n%maven g:a:1 g:b:2;");
        assertEquals(new MagicSyntax.LineMagic("maven", List.of("g:a:1", "g:b:2"), 3), p.get(1));
    }

    @Test
    void cellMagicTakesTheFirstLineAndTheRestAsBody() {
        MagicSyntax.CellMagic m = MagicSyntax.cellMagic("\n%%writefile --append out.txt\nline 1\nline 2\n");
        assertEquals("writefile", m.name());
        assertEquals(List.of("--append", "out.txt"), m.args());
        assertEquals("line 1\nline 2\n", m.body());
        assertEquals(3, m.bodyFirstLine());
        assertNull(MagicSyntax.cellMagic("int x = 1;\n%%html\n<b>"));
        assertNull(MagicSyntax.cellMagic("%% not a name"));
    }

    @Test
    void blankingKeepsOffsets() {
        String cell = "%jars a.jar\nList<String> x = %jars b.jar;\nx.si";
        String blank = MagicSyntax.blankedOut(cell);
        assertEquals(cell.length(), blank.length());
        assertTrue(blank.startsWith("           \nList<String> x = null"), blank);
        assertTrue(blank.endsWith(";\nx.si"), blank);
        assertTrue(MagicSyntax.onMagic(cell, 3));
        assertTrue(!MagicSyntax.onMagic(cell, cell.length()));
    }

    @Test
    void literalsEscapeQuotesAndBackslashes() {
        assertEquals("\"a\\\"b\\\\c\\n\"", MagicSyntax.literal("a\"b\\c\n"));
    }
}
