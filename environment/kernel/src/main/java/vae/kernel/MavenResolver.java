package vae.kernel;

import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.SimpleArtifactDescriptorPolicy;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * %maven, %mavenRepo and %loadFromPOM, through Maven's own resolver (the library Maven itself
 * resolves with): transitive runtime dependencies, the user's local repository
 * (~/.m2/repository, or -Dmaven.repo.local), Maven Central plus the repositories added.
 * Remote repositories must be HTTPS (a local file: repository is allowed too), and a
 * checksum that does not match fails the resolution (the resolver's default only warns).
 */
final class MavenResolver {
    static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";
    /** The scopes %loadFromPOM takes when none is given, as IJava and JJava do. */
    static final List<String> DEFAULT_POM_SCOPES = List.of("compile", "runtime", "system", "import");

    /** A resolved jar with its coordinates. */
    record Resolved(String coordinates, Path file) {
    }

    /** What a POM (or a cell's fragment of one) asks for. */
    record Pom(List<Dependency> dependencies, List<RemoteRepository> repositories) {
    }

    private final Map<String, RemoteRepository> repositories = new LinkedHashMap<>();
    private RepositorySystem system;
    private DefaultRepositorySystemSession session;

    MavenResolver() {
        repositories.put("central", remote("central", CENTRAL_URL));
    }

    /** The resolver starts on first use: most notebooks never ask for it. */
    private synchronized void start() {
        if (system != null) {
            return;
        }
        system = new RepositorySystemSupplier().get();
        session = MavenRepositorySystemUtils.newSession();
        String local = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        session.setLocalRepositoryManager(system.newLocalRepositoryManager(session, new LocalRepository(local)));
        session.setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL);
        // POM profiles are activated by the JDK's version and the OS, as Maven does.
        session.setSystemProperties(System.getProperties());
        // A POM that cannot be read is an error, not a silent "no dependencies" (the default).
        session.setArtifactDescriptorPolicy(new SimpleArtifactDescriptorPolicy(true, false));
        session.setUpdatePolicy(RepositoryPolicy.UPDATE_POLICY_DAILY);
    }

    /** %mavenRepo id url. */
    synchronized void addRepository(String id, String url) {
        repositories.put(id, remote(id, url));
    }

    static RemoteRepository remote(String id, String url) {
        String scheme = URI.create(url.trim()).getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("file"))) {
            throw new IllegalArgumentException("repository " + id + " at " + url
                    + ": only https: (or a local file:) repositories are allowed, so that what is downloaded cannot be altered on the way");
        }
        RepositoryPolicy policy = new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_DAILY,
                RepositoryPolicy.CHECKSUM_POLICY_FAIL);
        return new RemoteRepository.Builder(id, "default", url.trim())
                .setReleasePolicy(policy)
                .setSnapshotPolicy(policy)
                .build();
    }

    /** %maven g:a:v ... : the artifacts and their runtime dependencies. */
    List<Resolved> resolve(List<String> coordinates) throws MagicFailure {
        List<Dependency> dependencies = new ArrayList<>();
        for (String c : coordinates) {
            try {
                dependencies.add(new Dependency(new DefaultArtifact(c.trim()), JavaScopes.RUNTIME));
            } catch (IllegalArgumentException e) {
                throw new MagicFailure("'" + c + "' is not a Maven coordinate: expected "
                        + "groupId:artifactId[:extension[:classifier]]:version, e.g. org.apache.commons:commons-csv:1.11.0");
            }
        }
        List<RemoteRepository> repos;
        synchronized (this) {
            repos = new ArrayList<>(repositories.values());
        }
        return resolve(dependencies, repos);
    }

    /** %loadFromPOM: the POM's dependencies (of the given scopes) from its repositories and Central. */
    List<Resolved> resolve(Pom pom, List<String> scopes) throws MagicFailure {
        List<Dependency> wanted = pom.dependencies().stream()
                .filter(d -> scopes.contains(d.getScope().isEmpty() ? "compile" : d.getScope()))
                .map(d -> d.setScope(JavaScopes.RUNTIME))
                .toList();
        List<RemoteRepository> repos = new ArrayList<>(pom.repositories());
        repos.add(remote("central", CENTRAL_URL));
        return resolve(wanted, repos);
    }

    private List<Resolved> resolve(List<Dependency> dependencies, List<RemoteRepository> repos) throws MagicFailure {
        if (dependencies.isEmpty()) {
            return List.of();
        }
        start();
        CollectRequest collect = new CollectRequest();
        collect.setDependencies(dependencies);
        collect.setRepositories(repos);
        try {
            List<Resolved> out = new ArrayList<>();
            for (ArtifactResult r : system.resolveDependencies(session,
                    new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME)))
                    .getArtifactResults()) {
                Artifact a = r.getArtifact();
                out.add(new Resolved(a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getVersion(), a.getFile().toPath()));
            }
            return out;
        } catch (DependencyResolutionException e) {
            List<String> names = dependencies.stream().map(d -> d.getArtifact().toString()).toList();
            StringBuilder why = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getMessage() != null && why.indexOf(t.getMessage()) < 0) {
                    why.append("\n    ").append(t.getMessage());
                }
            }
            throw new MagicFailure("cannot resolve " + String.join(", ", names) + " from "
                    + repos.stream().map(RemoteRepository::getUrl).toList() + ":" + why);
        }
    }

    /**
     * A POM, or a fragment of one as IJava's and JJava's %%loadFromPOM accept it: loose
     * {@code <dependency>} and {@code <repository>} elements, or their lists, or a whole
     * {@code <project>}. Properties ({@code ${x}}) are filled in from {@code <properties>}.
     */
    static Pom parsePom(String xml) throws MagicFailure {
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            String body = xml.strip();
            if (body.startsWith("<?xml")) {
                body = body.substring(body.indexOf("?>") + 2);
            }
            root = f.newDocumentBuilder().parse(new InputSource(new StringReader("<fragment>" + body + "</fragment>")))
                    .getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new MagicFailure("the POM is not well-formed XML: " + e.getMessage());
        }
        List<Element> top = children(root);
        if (top.size() == 1 && top.get(0).getTagName().equals("project")) {
            root = top.get(0);
        }
        Map<String, String> properties = new HashMap<>();
        for (Element props : children(root, "properties")) {
            for (Element p : children(props)) {
                properties.put(p.getTagName(), p.getTextContent().strip());
            }
        }
        List<Dependency> deps = new ArrayList<>();
        List<RemoteRepository> repos = new ArrayList<>();
        for (Element e : children(root)) {
            switch (e.getTagName()) {
                case "dependency" -> deps.add(dependency(e, properties));
                case "dependencies" -> children(e, "dependency").forEach(d -> deps.add(dependency(d, properties)));
                case "repository" -> repos.add(repository(e, properties));
                case "repositories" -> children(e, "repository").forEach(r -> repos.add(repository(r, properties)));
                default -> {
                }
            }
        }
        return new Pom(deps, repos);
    }

    private static Dependency dependency(Element e, Map<String, String> props) {
        String g = text(e, "groupId", props);
        String a = text(e, "artifactId", props);
        String v = text(e, "version", props);
        if (g.isEmpty() || a.isEmpty() || v.isEmpty()) {
            throw new IllegalArgumentException("a <dependency> needs groupId, artifactId and version; found "
                    + g + ":" + a + ":" + v);
        }
        String type = text(e, "type", props);
        return new Dependency(new DefaultArtifact(g, a, text(e, "classifier", props),
                type.isEmpty() ? "jar" : type, v), text(e, "scope", props));
    }

    private static RemoteRepository repository(Element e, Map<String, String> props) {
        return remote(text(e, "id", props), text(e, "url", props));
    }

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private static String text(Element parent, String tag, Map<String, String> props) {
        List<Element> found = children(parent, tag);
        String value = found.isEmpty() ? "" : found.get(0).getTextContent().strip();
        Matcher m = PROPERTY.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(props.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(out).toString();
    }

    private static List<Element> children(Element parent, String... tags) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element el && (tags.length == 0 || Set.of(tags).contains(el.getTagName()))) {
                out.add(el);
            }
        }
        return out;
    }

    /** A magic that could not do what it was asked; the message says what and why. */
    static final class MagicFailure extends Exception {
        MagicFailure(String message) {
            super(message);
        }
    }
}
