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
        // Beauty-style sequences: users walk through one of two item groups in order.
        var lines = Enumerable.Range(0, 60).Select(u =>
            $"u{u} " + string.Join(' ', Enumerable.Range(0, 8).Select(i => $"i{((u % 2) * 20) + ((u + i) % 20)}")));
        var data = Path.Combine(_dir, "seq.txt");
        File.WriteAllLines(data, lines);
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

    /// <summary>A stand-in blend that scores with its first component only.</summary>
    private sealed class FirstComponent(IReadOnlyList<(IRecommender Recommender, double Weight)> parts) : IRecommender
    {
        public string Name => "first";

        public IRecommenderModel Fit(InteractionData data, TrainingContext context) => parts[0].Recommender.Fit(data, context);
    }
}
