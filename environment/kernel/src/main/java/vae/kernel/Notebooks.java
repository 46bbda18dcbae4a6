package vae.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The code cells of a notebook file, for %load notebook.ipynb. */
final class Notebooks {
    private Notebooks() {
    }

    static List<String> codeCells(Path notebook) throws IOException {
        JsonObject nb = new JsonParser().parse(Files.readString(notebook)).getAsJsonObject();
        List<String> cells = new ArrayList<>();
        for (JsonElement c : nb.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (!"code".equals(cell.get("cell_type").getAsString())) {
                continue;
            }
            JsonElement source = cell.get("source");
            if (source.isJsonArray()) { // nbformat stores the source as a list of lines, or a string
                StringBuilder s = new StringBuilder();
                for (JsonElement line : (JsonArray) source) {
                    s.append(line.getAsString());
                }
                cells.add(s.toString());
            } else {
                cells.add(source.getAsString());
            }
        }
        return cells;
    }
}
