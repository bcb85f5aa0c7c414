/* Entry point of the styles for the federated build (package.json "styleModule"). */
import "./index.css";
