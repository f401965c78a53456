using Penchant.Cli.Evaluation;
using Penchant.Core.Data;
using Penchant.Core.Recommenders;
using Penchant.Storage.Datasets;
using Spectre.Console;

namespace Penchant.Cli.Tests.Evaluation;

public sealed class EvaluationRunTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"penchant-run-{Guid.NewGuid():N}");

    public EvaluationRunTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Hybrid_search_runs_through_the_plugged_in_factory_and_is_reported()
    {
        var data = WriteSequences();
        var outDir = Path.Combine(_dir, "out");
        var calls = 0;
        var settings = new EvaluateSettings { Format = DatasetFormat.Sequences, Data = data, Split = "loo", K = 5, NoTune = true, Hybrid = true, OutDirectory = outDir, Models = ["popularity", "itemknn"] };
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) });

        var code = EvaluationRun.Run(settings, console, CancellationToken.None, parts =>
        {
            calls++;
            return new FirstComponent(parts);
        });

        Assert.Equal(0, code);
        Assert.Equal(9, calls); // two components, weights 0.1 .. 0.9
        var csv = File.ReadAllLines(Path.Combine(outDir, "metrics.csv"));
        Assert.Contains(csv, static l => l.StartsWith("hybrid(", StringComparison.Ordinal) && l.Contains(",test,", StringComparison.Ordinal));
    }

    [Fact]
    public void Hybrid_settings_offer_each_models_runner_up_configurations_as_candidates_of_their_own()
    {
        var data = WriteSequences();

        string Pool(int settingsPerModel)
        {
            var output = new StringWriter();
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), ColorSystem = ColorSystemSupport.NoColors });
            console.Profile.Width = 1000; // one line per message
            var settings = new EvaluateSettings { Format = DatasetFormat.Sequences, Data = data, Split = "loo", K = 5, Hybrid = true, HybridSettings = settingsPerModel, Models = ["popularity", "itemknn"] };
            Assert.Equal(0, EvaluationRun.Run(settings, console, CancellationToken.None, static parts => new FirstComponent(parts)));
            var line = output.ToString().Split('\n').Single(static l => l.Contains("hybrid: components drawn from", StringComparison.Ordinal));
            return line[(line.IndexOf("from", StringComparison.Ordinal) + 5)..].Trim();
        }

        // One configuration per model, as before; with 3, item-kNN's grid (12 configurations) offers its two next best as
        // well, popularity (one) nothing more. Labels hold commas, so the names are counted, not split.
        static int Count(string text, string name) => text.Split(name).Length - 1;
        var single = Pool(1);
        Assert.Equal((0, 1, 1), (Count(single, "itemknn["), Count(single, "itemknn"), Count(single, "popularity")));
        var three = Pool(3);
        Assert.Equal((2, 3, 1), (Count(three, "itemknn["), Count(three, "itemknn"), Count(three, "popularity")));
    }

    /// <summary>Beauty-style sequences: users walk through one of two item groups in order.</summary>
    private string WriteSequences()
    {
        var lines = Enumerable.Range(0, 60).Select(u =>
            $"u{u} " + string.Join(' ', Enumerable.Range(0, 8).Select(i => $"i{((u % 2) * 20) + ((u + i) % 20)}")));
        var data = Path.Combine(_dir, "seq.txt");
        File.WriteAllLines(data, lines);
        return data;
    }

    /// <summary>A stand-in blend that scores with its first component only.</summary>
    private sealed class FirstComponent(IReadOnlyList<(IRecommender Recommender, double Weight)> parts) : IRecommender
    {
        public string Name => "first";

        public IRecommenderModel Fit(InteractionData data, TrainingContext context) => parts[0].Recommender.Fit(data, context);
    }
}
