package vae.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MavenResolverTest {
    private static List<String> coordinates(MavenResolver.Pom pom) {
        return pom.dependencies().stream()
                .map(d -> d.getArtifact() + "/" + (d.getScope().isEmpty() ? "-" : d.getScope())).toList();
    }

    @Test
    void looseFragmentsAsIjavaAcceptsThem() throws Exception {
        MavenResolver.Pom pom = MavenResolver.parsePom(
                "<repository><id>r</id><url>https://repo.example.org/m2/</url></repository>\n"
                        + "<properties><csv.version>1.11.0</csv.version></properties>\n"
                        + "<dependency><groupId>org.apache.commons</groupId><artifactId>commons-csv</artifactId>"
                        + "<version>${csv.version}</version></dependency>\n"
                        + "<dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>2</version>"
                        + "<classifier>linux</classifier><scope>test</scope></dependency></dependencies>");
        assertEquals(List.of("org.apache.commons:commons-csv:jar:1.11.0/-", "g:a:jar:linux:2/test"), coordinates(pom));
        assertEquals("https://repo.example.org/m2/", pom.repositories().get(0).getUrl());
    }

    @Test
    void aWholeProject() throws Exception {
        MavenResolver.Pom pom = MavenResolver.parsePom("<?xml version=\"1.0\"?>\n<project><modelVersion>4.0.0</modelVersion>"
                + "<dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>1</version>"
                + "</dependency></dependencies></project>");
        assertEquals(List.of("g:a:jar:1/-"), coordinates(pom));
    }

    @Test
    void plainHttpRepositoriesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MavenResolver.remote("x", "http://repo.example.org/"));
        assertTrue(e.getMessage().contains("only https"), e.getMessage());
        assertThrows(MavenResolver.MagicFailure.class, () -> MavenResolver.parsePom("<dependency>"));
    }

    @Test
    void badCoordinatesNameThemselves() {
        MavenResolver.MagicFailure e = assertThrows(MavenResolver.MagicFailure.class,
                () -> new MavenResolver().resolve(List.of("only-one-part")));
        assertTrue(e.getMessage().startsWith("'only-one-part' is not a Maven coordinate"), e.getMessage());
    }

}
