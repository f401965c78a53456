using System.CommandLine;
using System.Globalization;
using Penchant.Cli.Commands;
using Spectre.Console;

namespace Penchant.Cli.Tests.Commands;

public sealed class EvaluateCommandTests : IDisposable
{
    private const int K = 5;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"penchant-eval-{Guid.NewGuid():N}");

    public EvaluateCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// A generated u1.base / u1.test pair in MovieLens tab format: two tastes (even users like even items),
    /// each user's ratings split 3:1 between the files, never the same item in both.
    /// </summary>
    private (string Base, string Test) WriteMovieLensPair()
    {
        var random = new Random(11);
        var train = new List<string>();
        var test = new List<string>();
        for (var u = 1; u <= 40; u++)
        {
            var items = Enumerable.Range(1, 60).Where(i => i % 2 == u % 2 || random.NextDouble() < 0.1).OrderBy(_ => random.Next()).Take(16).ToList();
            for (var n = 0; n < items.Count; n++)
            {
                var line = string.Create(CultureInfo.InvariantCulture, $"{u}\t{items[n]}\t{1 + random.Next(5)}\t{880000000 + n}");
                (n % 4 == 3 ? test : train).Add(line);
            }
        }

        var basePath = Path.Combine(_dir, "u1.base");
        var testPath = Path.Combine(_dir, "u1.test");
        File.WriteAllLines(basePath, train);
        File.WriteAllLines(testPath, test);
        return (basePath, testPath);
    }

    private static async Task<int> Invoke(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(EvaluateCommand.Create());
        return await root.Parse(args).InvokeAsync();
    }

    private static Dictionary<string, HashSet<string>> ReadPairs(string path) =>
        File.ReadLines(path)
            .Select(static l => l.Split('\t'))
            .GroupBy(static f => f[0], static f => f[1])
            .ToDictionary(static g => g.Key, static g => g.ToHashSet());

    [Fact]
    public async Task Exported_lists_are_ranked_top_k_without_training_items_and_reproduce_the_reported_precision()
    {
        var (basePath, testPath) = WriteMovieLensPair();
        var lists = Path.Combine(_dir, "lists.csv");
        var outDir = Path.Combine(_dir, "results");
        var code = await Invoke("evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "-k", K.ToString(CultureInfo.InvariantCulture),
            "--export-lists", lists, "--out", outDir, "--models", "popularity,itemknn", "--model", "itemknn", "--no-tune");
        Assert.Equal(0, code);

        var lines = File.ReadAllLines(lists);
        Assert.Equal("user,item,rank", lines[0]);
        var rows = lines.Skip(1).Select(static l => l.Split(',')).ToList();
        Assert.NotEmpty(rows);
        var training = ReadPairs(basePath);
        var held = ReadPairs(testPath);
        var byUser = rows.GroupBy(static r => r[0]).ToList();
        foreach (var user in byUser)
        {
            Assert.Equal(Enumerable.Range(1, K), user.Select(static r => int.Parse(r[2], CultureInfo.InvariantCulture)));
            Assert.Equal(K, user.Select(static r => r[1]).Distinct().Count());
            Assert.DoesNotContain(user, r => training[user.Key].Contains(r[1]));
        }

        Assert.Equal(held.Count, byUser.Count); // every test user has training history here
        var precision = byUser.Average(u => u.Count(r => held[u.Key].Contains(r[1])) / (double)K);

        var csv = File.ReadAllLines(Path.Combine(outDir, "metrics.csv"));
        var header = csv[0].Split(',');
        var column = Array.IndexOf(header, $"precision@{K}");
        Assert.True(column >= 0);
        var itemknnTest = csv.Single(static l => l.StartsWith("itemknn,test,", StringComparison.Ordinal));
        var reported = double.Parse(SplitCsv(itemknnTest)[column], CultureInfo.InvariantCulture);
        Assert.Equal(precision, reported, 5);
        // Four test items among about 48 candidates: chance is near 0.08; knowing the taste roughly doubles it.
        var popularity = double.Parse(SplitCsv(csv.Single(static l => l.StartsWith("popularity,test,", StringComparison.Ordinal)))[column], CultureInfo.InvariantCulture);
        Assert.True(reported > popularity + 0.03, $"item-kNN should find the tastes: precision@{K} {reported} vs popularity {popularity}");

        Assert.True(File.Exists(Path.Combine(outDir, "metrics.json")));
        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(outDir, "metrics.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_carves_select_on_their_mean_and_are_refused_without_a_predefined_split()
    {
        var (basePath, testPath) = WriteMovieLensPair();
        var outDir = Path.Combine(_dir, "carves");
        var code = await Invoke("evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "-k", K.ToString(CultureInfo.InvariantCulture),
            "--out", outDir, "--models", "itemknn", "--validation-carves", "3");
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("validation_carves").GetInt32());
        Assert.Contains("3 carves (seeds 42-44)", root.GetProperty("split").GetString(), StringComparison.Ordinal);
        var model = root.GetProperty("models")[0];
        var trials = model.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(12, trials.Count); // the item-kNN grid
        var best = trials.Max(static t => t.GetProperty("validation").GetProperty($"ndcg@{K}").GetDouble());
        Assert.Equal(best, model.GetProperty("validation").GetProperty($"ndcg@{K}").GetDouble(), 10);

        var data = Path.Combine(_dir, "u.data");
        File.WriteAllLines(data, File.ReadAllLines(basePath));
        var output = await Refused(
            ["evaluate", "--format", "movielens", "--data", data, "--split", "random", "--validation-carves", "2"],
            ["evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "--validation-carves", "0"]);

        Assert.Contains("--validation-carves works with a predefined split", output, StringComparison.Ordinal);
        Assert.Contains("--validation-carves must be positive", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_from_the_test_users_is_described_and_refused_where_it_does_not_apply()
    {
        var (basePath, testPath) = WriteMovieLensPair();
        var outDir = Path.Combine(_dir, "test-users");
        var code = await Invoke("evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "-k", K.ToString(CultureInfo.InvariantCulture),
            "--out", outDir, "--models", "itemknn", "--validation-users", "test");
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        var testUsers = File.ReadAllLines(testPath).Select(static l => l.Split('\t')[0]).Distinct().Count();
        Assert.Contains($"of the {testUsers} test users", json.RootElement.GetProperty("split").GetString(), StringComparison.Ordinal);

        var data = Path.Combine(_dir, "u.data");
        File.WriteAllLines(data, File.ReadAllLines(basePath));
        var output = await Refused(
            ["evaluate", "--format", "movielens", "--data", data, "--split", "random", "--validation-users", "test"],
            ["evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "--validation-users", "everyone"],
            ["evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "--validation-users", "test", "--global"]);

        Assert.Contains("--validation-users test works with a predefined split", output, StringComparison.Ordinal);
        Assert.Contains("--validation-users must be sample or test, not 'everyone'", output, StringComparison.Ordinal);
        Assert.Contains("--validation-users test and --global ask for different validation carves", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bootstrap_reports_each_models_precision_interval_and_its_paired_difference_from_the_exported_model()
    {
        var (basePath, testPath) = WriteMovieLensPair();
        var outDir = Path.Combine(_dir, "bootstrap");
        var code = await Invoke("evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "-k", K.ToString(CultureInfo.InvariantCulture),
            "--out", outDir, "--models", "popularity,itemknn", "--no-tune", "--bootstrap", "300");
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        var root = json.RootElement;
        var precision = root.GetProperty("models").EnumerateArray().ToDictionary(
            static m => m.GetProperty("name").GetString()!, static m => m.GetProperty("test").GetProperty($"precision@{K}").GetDouble());
        var listsModel = root.GetProperty("lists_model").GetString()!;
        var bootstrap = root.GetProperty("bootstrap");
        Assert.Equal(300, bootstrap.GetProperty("resamples").GetInt32());
        var rows = bootstrap.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        foreach (var row in rows)
        {
            var name = row.GetProperty("name").GetString()!;
            var p = row.GetProperty("precision");
            Assert.Equal(precision[name], p.GetProperty("estimate").GetDouble(), 10);
            Assert.InRange(precision[name], p.GetProperty("low").GetDouble(), p.GetProperty("high").GetDouble());
            var minus = row.GetProperty("minus_lists_model");
            if (name == listsModel)
            {
                Assert.Equal(System.Text.Json.JsonValueKind.Null, minus.ValueKind);
            }
            else
            {
                Assert.Equal(precision[name] - precision[listsModel], minus.GetProperty("estimate").GetDouble(), 10);
                Assert.True(minus.GetProperty("low").GetDouble() <= minus.GetProperty("high").GetDouble());
            }
        }

        var output = await Refused(
            ["evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "--bootstrap", "1"]);

        Assert.Contains("--bootstrap must be 0 (off) or at least 2 resamples", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hybrid_draws_its_components_from_the_pool_of_best_models_on_validation()
    {
        var (basePath, testPath) = WriteMovieLensPair();
        var outDir = Path.Combine(_dir, "pool");
        var (code, printed) = await Recorded(
            ["evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "-k", K.ToString(CultureInfo.InvariantCulture),
                "--out", outDir, "--models", "popularity,itemknn,userknn,ease", "--no-tune", "--hybrid", "--hybrid-pool", "2"]);
        Assert.Equal([0], code);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToList();
        var topTwo = models
            .Where(static m => !m.GetProperty("name").GetString()!.StartsWith("hybrid", StringComparison.Ordinal))
            .OrderByDescending(static m => m.GetProperty("validation").GetProperty($"ndcg@{K}").GetDouble())
            .Take(2)
            .Select(static m => m.GetProperty("name").GetString()!)
            .Order(StringComparer.Ordinal);
        var hybrid = models.Single(static m => m.GetProperty("name").GetString()!.StartsWith("hybrid(", StringComparison.Ordinal)).GetProperty("name").GetString()!;
        Assert.Equal(topTwo, hybrid["hybrid(".Length..^1].Split('+').Order(StringComparer.Ordinal));
        var pool = printed.Split('\n').Single(static l => l.Contains("hybrid: components drawn from ", StringComparison.Ordinal));
        Assert.Equal(topTwo, pool[(pool.IndexOf("from ", StringComparison.Ordinal) + 5)..].Trim().Split(", ").Order(StringComparer.Ordinal));

        var output = await Refused(
            ["evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "--hybrid", "--hybrid-pool", "1"],
            ["evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "--hybrid", "--hybrid-pool", "-3"]);
        Assert.Equal(2, output.Split("--hybrid-pool must be 0 (every model) or at least 2").Length - 1);
    }

    [Fact]
    public async Task Equal_hybrid_weights_blend_the_chosen_components_half_and_half()
    {
        var (basePath, testPath) = WriteMovieLensPair();
        var outDir = Path.Combine(_dir, "equal");
        var (code, _) = await Recorded(
            ["evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "-k", K.ToString(CultureInfo.InvariantCulture),
                "--out", outDir, "--models", "popularity,itemknn,userknn,ease", "--no-tune", "--hybrid", "--hybrid-pool", "2", "--hybrid-weights", "equal"]);
        Assert.Equal([0], code);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        var hybrid = json.RootElement.GetProperty("models").EnumerateArray()
            .Single(static m => m.GetProperty("name").GetString()!.StartsWith("hybrid(", StringComparison.Ordinal));
        var names = hybrid.GetProperty("name").GetString()!["hybrid(".Length..^1].Split('+');
        Assert.Equal($"0.5 {names[0]} + 0.5 {names[1]}", hybrid.GetProperty("config").GetString());
        Assert.Single(hybrid.GetProperty("trials").EnumerateArray());

        var output = await Refused(["evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "--hybrid", "--hybrid-weights", "learned"]);
        Assert.Contains("--hybrid-weights must be grid or equal, not 'learned'", output, StringComparison.Ordinal);

        // The earlier scale (every item) still runs, and an unknown one is named.
        var (allCode, _) = await Recorded(
            ["evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "-k", K.ToString(CultureInfo.InvariantCulture),
                "--models", "popularity,itemknn", "--no-tune", "--hybrid", "--hybrid-weights", "equal", "--hybrid-scale", "all"]);
        Assert.Equal([0], allCode);
        output = await Refused(["evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "--hybrid", "--hybrid-scale", "rank"]);
        Assert.Contains("--hybrid-scale must be candidates or all, not 'rank'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refit_ridge_scales_the_ease_lambda_for_the_test_and_says_by_what()
    {
        var (basePath, testPath) = WriteMovieLensPair();
        var outDir = Path.Combine(_dir, "refit");
        var (code, output) = await Recorded(
            ["evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "-k", K.ToString(CultureInfo.InvariantCulture),
                "--out", outDir, "--models", "popularity,ease", "--no-tune", "--validation-users", "test", "--refit-ridge", "profile"]);
        Assert.Equal([0], code);

        // A quarter of each test user's records is in the test file; the carve holds out that share of their training records.
        var match = System.Text.RegularExpressions.Regex.Match(output, @"EASE-family λ × (0\.\d+)");
        Assert.True(match.Success, output);
        var factor = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(factor, 0.6, 0.9);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToDictionary(static m => m.GetProperty("name").GetString()!);
        var ease = models["ease"];
        Assert.Equal($"{ease.GetProperty("config").GetString()}, refitted with λ × {match.Groups[1].Value}", ease.GetProperty("tested_config").GetString());
        Assert.Equal(models["popularity"].GetProperty("config").GetString(), models["popularity"].GetProperty("tested_config").GetString());

        var refused = await Refused(["evaluate", "--format", "movielens", "--train", basePath, "--test", testPath, "--refit-ridge", "0"]);
        Assert.Contains("--refit-ridge must be none, profile or a positive factor, not '0'", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_line_fails_with_file_and_line()
    {
        var data = Path.Combine(_dir, "u.data");
        File.WriteAllLines(data, ["1\t2\t3\t4", "oops"]);
        var error = await Refused(["evaluate", "--format", "movielens", "--data", data, "--split", "random"]);
        Assert.Contains("u.data:2", error, StringComparison.Ordinal);
    }

    // The config column is quoted (it holds commas); split a CSV line respecting quotes.
    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }

    /// <summary>Runs each command with Spectre's console recorded, asserts each exits 1, and returns what they printed.</summary>
    private static async Task<string> Refused(params string[][] commands)
    {
        var (codes, output) = await Recorded(commands);
        Assert.All(codes, static code => Assert.Equal(1, code));
        return output;
    }

    /// <summary>
    /// Runs each command with Spectre's console recorded; returns their exit codes and what they printed. The commands
    /// write to Spectre's shared console, which binds to Console.Out when first used (perhaps by an earlier test), so
    /// the shared console itself is swapped rather than Console.Out.
    /// </summary>
    private static async Task<(int[] Codes, string Output)> Recorded(params string[][] commands)
    {
        var (console, output) = RecordingConsole.Create();
        var original = AnsiConsole.Console;
        AnsiConsole.Console = console;
        var codes = new int[commands.Length];
        try
        {
            for (var c = 0; c < commands.Length; c++)
            {
                codes[c] = await Invoke(commands[c]);
            }
        }
        finally
        {
            AnsiConsole.Console = original;
        }

        return (codes, output.ToString());
    }
}
