namespace ExprGrad.Benchmarks.FSharp

open System
open ExprGrad.FSharp

/// Rosenbrock written as an F# user writes a loop: `let mutable` accumulator, `for` over an int range, two
/// `let`s per iteration. The same program as B8's C# expression tree, to the order of its additions.
type RosenbrockLoop =
    static member Quotation =
        <@ fun (x: float[]) ->
            let mutable acc = 0.0
            for i in 0 .. x.Length - 2 do
                let d = x[i + 1] - x[i] * x[i]
                let e = 1.0 - x[i]
                // Parenthesized as B8's tree adds (acc += 100·d·d + e·e): `acc + 100·d·d + e·e` is
                // (acc + 100·d·d) + e·e, two additions on the chain through acc per iteration, whose latency
                // made valueAndGrad 1.26× B8's (GradientCode.Of of the two differed only there).
                acc <- acc + (100.0 * d * d + e * e)
            acc @>

    /// `grad` of the quotation, built once.
    static member Gradient() : Func<float[], float[]> =
        // Bound first: `Func<_, _>(grad q)` would be eta-expanded into a delegate that builds the gradient at every call.
        let g = grad RosenbrockLoop.Quotation
        Func<_, _>(g)

    /// `valueAndGrad` of the quotation, built once.
    static member ValueAndGradient() : Func<float[], struct (float * float[])> =
        let f = valueAndGrad RosenbrockLoop.Quotation
        Func<_, _>(fun x -> let v, g = f x in struct (v, g))
