using System.Diagnostics;
using System.Globalization;
using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.SasRec;

namespace Penchant.Bench;

/// <summary>
/// SASRec on Amazon Beauty (S3Rec's Beauty.txt: "user item item ..." per line, chronological), leave-one-out:
/// train on all but each user's last two items, pick the epoch on the second-last, test on the last given all
/// the rest. Full ranking over every item with the user's seen items excluded; NDCG@10 and HR@10.
/// </summary>
public sealed class SasRecBeautyBench : IBench
{
    public string Name => "sasrec-beauty";

    public string Description => "SASRec leave-one-out NDCG@10/HR@10 on Amazon Beauty: <Beauty.txt> [--epochs N --loss full|sampled|bce --dim 64 ...]";

    public Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: sasrec-beauty <path/to/Beauty.txt> [--epochs 200] [--minutes 30] [--loss full|sampled|bce] [--negatives 256] [--dim 64] [--blocks 2] [--heads 1] [--maxlen 50] [--dropout 0.5] [--lr 0.001] [--wd 0] [--batch 128] [--eval-every 2] [--patience 5] [--threads 0] [--seed 42]");
            return Task.FromResult(2);
        }

        var opt = ParseOptions(args[1..]);
        var sequences = File.ReadLines(args[0])
            .Where(l => l.Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(s => int.Parse(s, CultureInfo.InvariantCulture) - 1).ToArray())
            .ToList();
        var itemCount = sequences.Max(s => s.Max()) + 1;
        var train = sequences.Select(s => s[..Math.Max(0, s.Length - 2)]).ToList();
        var validUsers = Enumerable.Range(0, sequences.Count).Where(u => sequences[u].Length >= 3).ToArray();
        Console.WriteLine($"users {sequences.Count}, items {itemCount}, interactions {sequences.Sum(s => s.Length)}, evaluated users {validUsers.Length}");
        Console.WriteLine($"options {opt.Options}, eval every {opt.EvalEvery}, patience {opt.Patience}, limit {opt.Minutes} min, seed {opt.Seed}, cores {Environment.ProcessorCount}");

        var trainer = new SasRecTrainer(train, itemCount, opt.Options, opt.Seed);
        var clock = Stopwatch.StartNew();
        var bestValid = -1.0;
        var bestEpoch = 0;
        SasRecModel? best = null;
        var sinceBest = 0;
        for (var epoch = 1; epoch <= opt.Options.Epochs; epoch++)
        {
            var t0 = clock.Elapsed;
            var loss = trainer.TrainEpoch();
            var trainSeconds = (clock.Elapsed - t0).TotalSeconds;
            var prof = trainer.LastEpochProfile;
            var line = $"epoch {epoch,3} loss {loss:F4} train {trainSeconds:F1}s (fwd {prof.Forward.TotalSeconds:F1} loss {prof.Loss.TotalSeconds:F1} bwd {prof.Backward.TotalSeconds:F1} adam {prof.Optimizer.TotalSeconds:F1})";
            var last = clock.Elapsed.TotalMinutes >= opt.Minutes || epoch == opt.Options.Epochs;
            if (epoch % opt.EvalEvery == 0 || last)
            {
                var model = trainer.ToModel();
                var e0 = clock.Elapsed;
                var (ndcg, hr) = Evaluate(model, sequences, validUsers, holdOut: 2);
                line += $" | valid NDCG@10 {ndcg:F4} HR@10 {hr:F4} ({(clock.Elapsed - e0).TotalSeconds:F1}s)";
                if (ndcg > bestValid)
                {
                    bestValid = ndcg;
                    bestEpoch = epoch;
                    best = model;
                    sinceBest = 0;
                }
                else if (++sinceBest >= opt.Patience)
                {
                    Console.WriteLine(line + " | early stop");
                    break;
                }
            }

            Console.WriteLine(line + $" | elapsed {clock.Elapsed.TotalMinutes:F1} min");
            if (clock.Elapsed.TotalMinutes >= opt.Minutes)
            {
                Console.WriteLine("time limit reached");
                break;
            }
        }

        var total = clock.Elapsed;
        best ??= trainer.ToModel();
        var (testNdcg, testHr) = Evaluate(best, sequences, validUsers, holdOut: 1);
        Console.WriteLine($"best epoch {bestEpoch} (valid NDCG@10 {bestValid:F4})");
        Console.WriteLine($"TEST NDCG@10 {testNdcg:F4} HR@10 {testHr:F4}; training+validation wall time {total.TotalMinutes:F1} min");

        var latency = Stopwatch.StartNew();
        var scores = new float[itemCount];
        const int Probes = 500;
        for (var i = 0; i < Probes; i++)
        {
            var s = sequences[validUsers[i % validUsers.Length]];
            best.Score(new UserQuery(-1, [], [], s[..^1]), scores);
        }

        Console.WriteLine($"single-shopper Score latency {latency.Elapsed.TotalMilliseconds / Probes:F3} ms (mean of {Probes}, one thread)");
        return Task.FromResult(0);
    }

    /// <summary>
    /// Ranks each user's held-out item (the <paramref name="holdOut"/>-th from the end) given everything before it,
    /// excluding the items in that history. Returns mean NDCG@10 and HR@10.
    /// </summary>
    private static (double Ndcg, double Hr) Evaluate(SasRecModel model, List<int[]> sequences, int[] users, int holdOut)
    {
        var n = model.ItemCount;
        var ndcg = new double[users.Length];
        var hit = new double[users.Length];
        Parallel.For(0, users.Length, () => new float[n], (k, _, scores) =>
        {
            var s = sequences[users[k]];
            var history = s[..^holdOut];
            var target = s[^holdOut];
            model.Score(new UserQuery(-1, [], [], history), scores);
            foreach (var seen in history)
            {
                scores[seen] = float.NegativeInfinity;
            }

            var targetScore = scores[target];
            var rank = 0;
            if (float.IsNegativeInfinity(targetScore))
            {
                rank = int.MaxValue;
            }
            else
            {
                for (var i = 0; i < n && rank < 10; i++)
                {
                    if (scores[i] > targetScore || (scores[i] == targetScore && i < target))
                    {
                        rank++;
                    }
                }
            }

            if (rank < 10)
            {
                hit[k] = 1;
                ndcg[k] = 1.0 / Math.Log2(rank + 2);
            }

            return scores;
        }, static _ => { });
        return (ndcg.Average(), hit.Average());
    }

    private static (SasRecOptions Options, int EvalEvery, int Patience, double Minutes, int Seed) ParseOptions(string[] args)
    {
        var o = new SasRecOptions(Dimensions: 64, Blocks: 2, Heads: 1, MaxLength: 50, Dropout: 0.5f, Epochs: 200, BatchSize: 128, Loss: SasRecLoss.FullSoftmax);
        int evalEvery = 2, patience = 5, seed = 42;
        double minutes = 30;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var v = args[i + 1];
            int I() => int.Parse(v, CultureInfo.InvariantCulture);
            float F() => float.Parse(v, CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--epochs" => o with { Epochs = I() },
                "--dim" => o with { Dimensions = I() },
                "--blocks" => o with { Blocks = I() },
                "--heads" => o with { Heads = I() },
                "--maxlen" => o with { MaxLength = I() },
                "--dropout" => o with { Dropout = F() },
                "--lr" => o with { LearningRate = F() },
                "--wd" => o with { WeightDecay = F() },
                "--batch" => o with { BatchSize = I() },
                "--negatives" => o with { Negatives = I() },
                "--ffn" => o with { FeedForwardDimensions = I() },
                "--threads" => o with { Threads = I() },
                "--loss" => o with
                {
                    Loss = v switch
                    {
                        "full" => SasRecLoss.FullSoftmax,
                        "sampled" => SasRecLoss.SampledSoftmax,
                        "bce" => SasRecLoss.BinaryCrossEntropy,
                        _ => throw new ArgumentException($"unknown loss {v}"),
                    },
                },
                _ => o,
            };
            switch (args[i])
            {
                case "--eval-every": evalEvery = I(); break;
                case "--patience": patience = I(); break;
                case "--minutes": minutes = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--seed": seed = I(); break;
                default: break;
            }
        }

        return (o, evalEvery, patience, minutes, seed);
    }
}
