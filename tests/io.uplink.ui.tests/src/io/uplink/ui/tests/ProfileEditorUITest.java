package io.uplink.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import io.uplink.backend.local.ReceivedMessage;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.PersistencePriority;
import io.uplink.profile.CompiledProfile;
import io.uplink.profile.PriorityProfile;
import io.uplink.profile.ProfileFormat;
import io.uplink.profile.ProfileRule;
import io.uplink.testkit.swt.Condition;
import io.uplink.testkit.swt.UiBot;
import io.uplink.testkit.swt.UiEditor;
import io.uplink.testkit.swt.UiTable;
import io.uplink.ui.profile.ProfileCommands;
import io.uplink.ui.profile.ProfileEditor;

/** The priority-profile editor in the real workbench, previewing and applying to a real agent and local Backend. */
class ProfileEditorUITest {
    private static LiveAgent agent;

    @BeforeAll
    static void startAgent() throws Exception {
        agent = LiveAgent.start(0);
    }

    @AfterAll
    static void stopAgent() {
        agent.close();
    }

    @AfterEach
    void closeEditors() {
        IWorkbenchPage page = page();
        page.closeAllEditors(false);
        page.setEditorAreaVisible(false);
    }

    private static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    private static Path profileFile(String name, PriorityProfile profile) throws Exception {
        Path file = Files.createTempDirectory("uplink-profiles").resolve(name + "." + ProfileFormat.EXTENSION);
        ProfileFormat.write(file, profile);
        return file;
    }

    /** Runs a workbench command as its menu item or key binding does (Edit → Undo is Ctrl+Z). */
    private static void command(String id) throws Exception {
        UiBot bot = new UiBot();
        bot.spin(); // the undo/redo handlers update their enablement from the history's events
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(id, null);
        bot.spin();
    }

    @Test
    void editUndoRedoValidateReorderSaveAndApply() throws Exception {
        Path file = profileFile("bench", new PriorityProfile("bench", "HIGH", "LOW", "HIGH", "LOW",
                List.of(new ProfileRule("meter0/ActivePower*", "LOW"))));
        ProfileEditor editor = (ProfileEditor) ProfileCommands.open(page(), file);
        UiBot bot = new UiBot();
        UiEditor uiEditor = bot.editorByTitle(file.getFileName().toString());
        UiBot editorBot = uiEditor.bot();
        assertFalse(uiEditor.isDirty());
        assertEquals("No problems.", editor.messageText());

        // typing is one undo step; undo returns to the saved state, which is not dirty
        editorBot.textWithLabel("Name:").widget().setSelection(5); // the caret after "bench"
        editorBot.textWithLabel("Name:").typeText(" site A");
        assertEquals("bench site A", editor.profile().name());
        assertTrue(uiEditor.isDirty());
        command("org.eclipse.ui.edit.undo");
        assertEquals("bench", editorBot.textWithLabel("Name:").getText());
        assertFalse(uiEditor.isDirty());
        command("org.eclipse.ui.edit.redo");
        assertEquals("bench site A", editorBot.textWithLabel("Name:").getText());
        assertTrue(uiEditor.isDirty());

        // a new rule with a bad pattern is marked in the table, on the field and in the message line
        UiTable rules = editorBot.table(0);
        editorBot.button("Add").click();
        assertEquals(2, rules.rowCount());
        editorBot.textWithLabel("Pattern:").setText("meter0");
        assertTrue(rules.cell(1, "Problem").contains("has no '/'"), rules.cell(1, "Problem"));
        assertTrue(editor.form().markerOn(editor.form().patternField()).contains("has no '/'"));
        assertTrue(editor.messageText().startsWith("1 problem: rule 2 pattern: pattern 'meter0' has no '/'"),
                editor.messageText());
        editorBot.textWithLabel("Pattern:").setText("meter0/Frequency");
        editorBot.comboBoxWithLabel("Priority:").setSelection("VERY_HIGH");
        assertEquals("", rules.cell(1, "Problem"));
        assertNull(editor.form().markerOn(editor.form().patternField()));

        // an unknown priority is marked too
        editorBot.comboBoxWithLabel("Persistence priority:").setText("HIHG");
        assertTrue(editor.messageText().contains("persistencePriority: unknown priority 'HIHG'"), editor.messageText());
        assertTrue(editor.form().markerOn(editor.form().priorityField("persistencePriority")).contains("HIHG"));
        command("org.eclipse.ui.edit.undo");
        assertEquals("HIGH", editor.profile().persistencePriority());
        assertEquals("No problems.", editor.messageText());

        // reorder: the order decides, and undo puts it back
        editorBot.button("Up").click();
        assertEquals("meter0/Frequency", rules.cell(0, "Pattern"));
        command("org.eclipse.ui.edit.undo");
        assertEquals("meter0/ActivePower*", rules.cell(0, "Pattern"));
        rules.select(1);
        assertEquals("meter0/Frequency", editorBot.textWithLabel("Pattern:").getText());
        editorBot.button("Up").click();
        assertEquals("meter0/Frequency", editor.profile().rules().get(0).pattern());

        // the preview counts the running agent's channels with this profile
        CompiledProfile compiled = editor.profile().compile();
        List<ChannelMetadata> channels = agent.control().sourceChannels();
        long veryHigh = channels.stream().filter(c -> compiled.resolve(c).priority() == PersistencePriority.VERY_HIGH).count();
        bot.waitUntil(Condition.that("the preview counts VERY_HIGH channels",
                () -> editor.preview().cell(PersistencePriority.VERY_HIGH, 1).equals(Long.toString(veryHigh))));
        bot.waitUntil(Condition.that("rule matches in the table", () -> rules.cell(0, "Matches").equals("1")
                && rules.cell(1, "Matches").equals("4")));
        assertTrue(editor.preview().cell(PersistencePriority.HIGH, 3).startsWith("▶ "), "the threshold's row is marked");
        assertTrue(editor.preview().cell(PersistencePriority.HIGH, 3).matches("▶ [0-9.]+ [kMG]?B"),
                editor.preview().cell(PersistencePriority.HIGH, 3));
        editorBot.textWithLabel("Channel:").typeText("meter0/Frequency");
        bot.waitUntil(Condition.that("which rule decides the typed channel", () -> editor.preview().channelResult()
                .equals("meter0/Frequency → VERY_HIGH by rule 1 (meter0/Frequency)")));

        uiEditor.save();
        assertFalse(uiEditor.isDirty());
        assertEquals(editor.profile(), ProfileFormat.load(file).profile());

        // apply: the Backend then receives the profile's channel set
        long before = System.currentTimeMillis();
        editorBot.button("Apply to Agent").click();
        bot.waitUntil(Condition.that("applied", () -> editor.messageText().startsWith("Applied 'bench site A'")));
        ReceivedMessage full = agent.backend().awaitMessage(LiveAgent.EDGE, m -> m.receivedAtMillis() > before
                && m.isNotification("timestampedData") && data(m).has("_sum/State"), Duration.ofSeconds(20));
        Set<String> sent = data(full).keySet();
        assertTrue(sent.contains("meter0/Frequency"), "raised by the profile: " + sent);
        assertFalse(sent.contains("meter0/ActivePower") || sent.contains("meter0/ActivePowerL1"), "lowered: " + sent);
        assertEquals("bench site A", agent.control().profile().orElseThrow().profile().name());

        Path screenshots = Screenshots.directory();
        if (screenshots != null) {
            page().setPartState(page().getReference(editor), IWorkbenchPage.STATE_MAXIMIZED);
            bot.sleep(2500); // a preview frame and the rule markers
            bot.captureScreenshot(editor.getSite().getShell(), screenshots.resolve("profile-editor.png"));
            page().setPartState(page().getReference(editor), IWorkbenchPage.STATE_RESTORED);
        }
    }

    @Test
    void aBadFileOpensReadOnlyWithItsLineAndStaysUnchanged() throws Exception {
        Path file = Files.createTempDirectory("uplink-profiles").resolve("bad." + ProfileFormat.EXTENSION);
        String text = "name = bad\npersistence = HIGH\n";
        Files.writeString(file, text);
        ProfileEditor editor = (ProfileEditor) ProfileCommands.open(page(), file);
        assertTrue(editor.isReadOnly());
        assertTrue(editor.messageText().contains("line 2: syntax: unknown field 'persistence'"), editor.messageText());
        assertFalse(editor.isDirty());
        assertFalse(editor.isSaveAsAllowed());
        assertEquals(text, new UiBot().activeEditor().bot().text().getText());
        assertEquals(text, Files.readString(file));
    }

    @Test
    void importAndExportKeepTheEditorsOwnFile() throws Exception {
        ProfileEditor editor = (ProfileEditor) ProfileCommands.openNew(page());
        assertTrue(editor.isDirty(), "a new profile is not saved yet");
        Path other = profileFile("other", new PriorityProfile("other", "MEDIUM", "LOW", "HIGH", "VERY_LOW",
                List.of(new ProfileRule("_sum/*", "VERY_HIGH"))));
        assertTrue(editor.importFrom(other));
        assertEquals("other", editor.profile().name());
        command("org.eclipse.ui.edit.undo");
        assertFalse(editor.profile().name().equals("other"), "an import is one undo step");
        command("org.eclipse.ui.edit.redo");
        Path exported = other.resolveSibling("exported." + ProfileFormat.EXTENSION);
        assertTrue(editor.exportTo(exported));
        assertEquals(editor.profile(), ProfileFormat.load(exported).profile());
        Path bad = Files.writeString(other.resolveSibling("bad.txt"), "rule x\n");
        assertFalse(editor.importFrom(bad));
        assertTrue(editor.messageText().contains("line 1: syntax"), editor.messageText());
        assertEquals("other", editor.profile().name(), "a bad import changes nothing");
    }

    private static JsonObject data(ReceivedMessage message) {
        JsonObject params = message.params();
        return params.size() == 0 ? new JsonObject() : params.getAsJsonObject(params.keySet().iterator().next());
    }
}
