using System.Diagnostics;
using System.Globalization;
using Penchant.Core.Evaluation;
using Penchant.Storage.Datasets;

namespace Penchant.Bench;

/// <summary>
/// The quality runner: every catalog model, tuned on validation, on the four evaluation protocols of
/// bench/results/evaluation.md, printed as one Markdown table. Arguments: [data directory] (default
/// $PENCHANT_DATA or /work/shared/data), --no-tune to use each model's first configuration.
/// </summary>
public sealed class EvaluationBench : IBench
{
    public string Name => "evaluation";

    public string Description => "Offline quality of every catalog model on ML-100K (u1, 8:1:1), Beauty LOO, Musical Instruments time split";

    public Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var noTune = args.Contains("--no-tune");
        var data = args.FirstOrDefault(static a => !a.StartsWith("--", StringComparison.Ordinal))
            ?? Environment.GetEnvironmentVariable("PENCHANT_DATA") ?? "/work/shared/data";
        var protocols = new (string Name, Func<EvaluationSplit> Split)[]
        {
            ("ml100k u1", () => EvaluationSplit.Build(
                PredefinedSplit.Create(Read(DatasetFormat.MovieLens, data, "movielens-100k/u1.base"), Read(DatasetFormat.MovieLens, data, "movielens-100k/u1.test"), withValidation: true),
                "predefined u1")),
            ("ml100k 8:1:1", () => EvaluationSplit.Build(Read(DatasetFormat.MovieLens, data, "movielens-100k/u.data"), new RandomSplitter(), withValidation: true)),
            ("beauty loo", () => EvaluationSplit.Build(Read(DatasetFormat.Sequences, data, "amazon-beauty-s3rec/Beauty.txt"), new LeaveLastOutSplitter(), withValidation: true)),
            ("instruments time", () => EvaluationSplit.Build(Read(DatasetFormat.AmazonReviews, data, "amazon-musical-instruments-5core/Musical_Instruments.json"), TimeCutSplitter.ByRecordFraction(0.2), withValidation: true)),
        };

        var selector = new ModelSelector(new Evaluator(new EvaluationOptions(K: 10)));
        Console.WriteLine("| protocol | model | config | P@10 | R@10 | NDCG@10 | HR@10 | NDCG full | AUC | cov@10 | seconds |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, makeSplit) in protocols)
        {
            var split = makeSplit();
            foreach (var entry in ModelCatalog.All)
            {
                var chosen = noTune ? entry with { Candidates = [entry.Candidates[0]] } : entry;
                var watch = Stopwatch.StartNew();
                var s = selector.Select(chosen, split);
                var m = s.Test.Metrics;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {s.Name} | {s.Best.Label} | {m.Precision:0.0000} | {m.Recall:0.0000} | {m.Ndcg:0.0000} | {m.HitRate:0.0000} | {m.NdcgFull:0.0000} | {m.Auc:0.0000} | {m.Coverage:0.000} | {watch.Elapsed.TotalSeconds:0.0} |"));
            }
        }

        return Task.FromResult(0);
    }

    private static List<InteractionRecord> Read(DatasetFormat format, string root, string relative) =>
        DatasetReader.Read(format, Path.Combine(root, relative));
}
