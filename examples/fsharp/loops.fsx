// A loss written with loops: `let mutable` accumulators, `for` over the data, Horner's rule counting down,
// and a `while` whose trip count depends on the value. The gradient is checked against the same loss
// written with Ops.Sum, then used to fit a cubic by gradient descent.
// Build first: dotnet build src/ExprGrad.FSharp/ExprGrad.FSharp.fsproj -c Release
// Run:         dotnet fsi examples/fsharp/loops.fsx
#r "../../src/ExprGrad.FSharp/bin/Release/net10.0/ExprGrad.dll"
#r "../../src/ExprGrad.FSharp/bin/Release/net10.0/ExprGrad.FSharp.dll"

open ExprGrad
open ExprGrad.FSharp

let check name ok =
    printfn "%-52s %s" name (if ok then "ok" else "WRONG")
    if not ok then exit 1

// Samples of p(t) = 1 − 2t + 0.5t² + 3t³ on [-1, 1]; script values, read each time the gradient is called.
let ts = Array.init 21 (fun i -> -1.0 + float i / 10.0)
let ys = ts |> Array.map (fun t -> 1.0 - 2.0 * t + 0.5 * t * t + 3.0 * t * t * t)

/// Mean squared error of the polynomial with coefficients c, evaluated by Horner's rule.
let loss =
    valueAndGrad <@ fun (c: float[]) ->
        let mutable total = 0.0
        for i in 0 .. ts.Length - 1 do
            let mutable p = 0.0
            for k in c.Length - 1 .. -1 .. 0 do   // a quotation cannot hold 'downto'; a -1 step can
                p <- p * ts[i] + c[k]
            let r = p - ys[i]
            total <- total + r * r
        total / float ts.Length @>

let pureLoss =
    valueAndGrad <@ fun (c: float[]) ->
        Ops.Sum(ts.Length, fun i ->
            let p = c[0] + ts[i] * (c[1] + ts[i] * (c[2] + ts[i] * c[3]))
            (p - ys[i]) ** 2.0) / float ts.Length @>

let start = [| 0.3; 0.1; -0.2; 0.5 |]
let (l1, g1), (l2, g2) = loss start, pureLoss start
check "loop loss = Ops.Sum loss" (abs (l1 - l2) < 1e-12)
check "loop gradient = Ops.Sum gradient" (Array.forall2 (fun a b -> abs (a - b) < 1e-12) g1 g2)

let mutable c = Array.copy start
for step in 1 .. 2000 do
    let _, g = loss c
    c <- Array.map2 (fun ci gi -> ci - 0.4 * gi) c g
    if step % 500 = 0 then printfn "step %4d  loss %.2e  c = %A" step (fst (loss c)) c
check "fitted coefficients are 1, -2, 0.5, 3" (Array.forall2 (fun a b -> abs (a - b) < 1e-3) [| 1.0; -2.0; 0.5; 3.0 |] c)

// A while-loop with a data-dependent trip count: halve until below 1, counting the halvings. The result is
// x / 2^n with n fixed near x, so its derivative is 1 / 2^n.
let halve = grad <@ fun x -> let mutable s = x in (while s >= 1.0 do s <- s / 2.0); s @>
check "d/dx of halving 12.0 (four halvings) = 1/16" (halve 12.0 = 1.0 / 16.0)
check "d/dx of halving 0.5 (no halvings) = 1" (halve 0.5 = 1.0)
