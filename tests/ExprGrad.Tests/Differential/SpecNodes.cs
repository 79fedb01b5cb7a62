namespace ExprGrad.Tests.Differential;

/// <summary>The nodes of a generated program (terms and tensors), for coverage counts and for the oracles to
/// know what a program contains.</summary>
public static class SpecNodes
{
    /// <summary><paramref name="node"/> and everything below it, depth first.</summary>
    public static IEnumerable<object> Descendants(object node)
    {
        var stack = new Stack<object>([node]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            foreach (var child in Children(current)) stack.Push(child);
        }
    }

    /// <summary>Whether the program holds a value constant (Ops.StopGradient): its derivative is then not what
    /// finite differences of the plain function see.</summary>
    public static bool StopsGradients(ProgramSpec spec) => Descendants(spec.Body).Any(n => n is Stop or StopTensor);

    /// <summary>A node's name in coverage counts: the op for nodes that stand for several, else its kind.</summary>
    public static string Name(object node) => node switch
    {
        Sum s => $"Sum.{s.Form}",
        Imperative i => $"Imperative.{i.Form}",
        Reduce r => $"Reduce.{r.Kind}",
        Elementwise e => e.Op,
        SoftmaxTensor s => s.Op,
        PerRow p => p.Op,
        RowReduce r => r.Op,
        Pick p => p.Column ? "Column" : "Row",
        SpecialTensor s => s.Op,
        SpecialPair s => s.Op + "/2",
        Factor f => f.Op,
        Solved s => s.Op,
        VectorTensor v => $"Vector.{v.Form}",
        Linq l => $"Linq.{l.Form}",
        _ => node.GetType().Name,
    };

    private static IEnumerable<object> Children(object node) => node switch
    {
        Combine c => [c.Left, c.Right],
        Branch b => [b.Test, b.IfPositive, b.Otherwise],
        Sum s => [s.Body],
        Let l => [l.Value, l.Body],
        Scan s => [s.Initial, s.Step],
        VectorScan v => [v.Step],
        Linq l => [l.Body],
        Imperative i => [i.First, i.Second],
        Stop s => [s.Value],
        Reduce r => r.Kind is Reduction.Dot or Reduction.BinaryCrossEntropy ? [r.Tensor, r.Other] : [r.Tensor],
        Elementwise e => [e.A],
        MapTensor m => [m.A],
        TensorBinary t => [t.A, t.B],
        ScaleTensor s => [s.A, s.Factor],
        MatMul m => [m.A, m.B],
        AddRow a => [a.Matrix, a.Row],
        Transpose t => [t.A],
        LeakyRelu l => [l.A, l.Slope],
        Power p => [p.A],
        StopTensor s => [s.A],
        AddScalar a => [a.A, a.S],
        SoftmaxTensor s => [s.A],
        PerRow p => [p.Matrix, p.Column],
        RowReduce r => [r.Matrix],
        Pick p => [p.Matrix],
        SpecialTensor s => [s.A],
        SpecialPair s => [s.A, s.B],
        Factor f => [f.A],
        Solved s => [s.A, s.B],
        VectorTensor v => [v.Body],
        _ => [],
    };
}
